/**
 * The trial ledger's append under concurrency (PROTOCOL section 8b), with real processes:
 * writers appending overlapping trial sets to one ledger at once never lose or duplicate a row.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLedger } from '../src/index.js';

const engineDist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/index.js');
const tmp = mkdtempSync(join(tmpdir(), 'wf-ledger-procs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A writer process: `rounds` appends of 4 trials each, trial i of round r = `f<i % 3>,p=<r*2 + i + offset>`. */
function writer(path: string, offset: number, rounds: number): Promise<number | null> {
  const script = `
    import { appendToLedger } from ${JSON.stringify(engineDist)};
    for (let r = 0; r < ${rounds}; r++) {
      const trials = [0, 1, 2, 3].map((i) => ({ factor: 'f' + (i % 3), params: 'p=' + (r * 2 + i + ${offset}) }));
      appendToLedger({ path: ${JSON.stringify(path)}, trials, firstSeen: '2026-11-2${offset % 10}' });
    }`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => done(code));
  });
}

describe('appendToLedger across processes', () => {
  it('keeps every distinct trial exactly once when six processes append overlapping sets at once', async () => {
    const path = join(tmp, 'ledger.csv');
    const rounds = 25;
    const offsets = [0, 1, 2, 3, 4, 5];
    const codes = await Promise.all(offsets.map((offset) => writer(path, offset, rounds)));
    expect(codes).toEqual(offsets.map(() => 0));
    const expected = new Set<string>();
    for (const offset of offsets) {
      for (let r = 0; r < rounds; r++) for (let i = 0; i < 4; i++) expected.add(`f${i % 3},p=${r * 2 + i + offset}`);
    }
    const text = readFileSync(path, 'utf8');
    const rows = parseLedger(text, path);
    const keys = rows.map((row) => `${row.factor},${row.params}`);
    expect(new Set(keys).size).toBe(keys.length); // no duplicate
    expect(new Set(keys)).toEqual(expected); // none lost
    expect(text.endsWith('\n')).toBe(true);
    // No lock or temp file left behind.
    expect(readdirSync(tmp)).toEqual(['ledger.csv']);
  }, 60_000);
});
