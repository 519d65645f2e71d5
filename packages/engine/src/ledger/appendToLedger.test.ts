import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { appendToLedger } from './appendToLedger.js';
import { LedgerError } from '../errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'wf-ledger-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (text: string | null): string => {
  const path = join(tmp, `ledger-${n++}.csv`);
  if (text !== null) writeFileSync(path, text);
  return path;
};
const trials = (factor: string, ...params: string[]) => params.map((p) => ({ factor, params: p }));

describe('appendToLedger', () => {
  test('creates a missing ledger with its header and the new rows in the given order, each distinct trial once', () => {
    const path = fresh(null);
    const added = appendToLedger({ path, trials: [...trials('b', 'x=2', 'x=1', 'x=2'), ...trials('a', 'y=1')], firstSeen: '2026-11-20' });
    expect(added.length).toBe(3);
    expect(readFileSync(path, 'utf8')).toBe('factor,params,first_seen\nb,x=2,2026-11-20\nb,x=1,2026-11-20\na,y=1,2026-11-20\n');
  });

  test('keeps the existing bytes, adds a missing final newline, and skips trials already present (other factors kept)', () => {
    const before = 'factor,params,first_seen\nother,z=9,2026-01-01\nb,x=1,2026-10-06';
    const path = fresh(before);
    appendToLedger({ path, trials: trials('b', 'x=1', 'x=3'), firstSeen: '2026-11-21' });
    expect(readFileSync(path, 'utf8')).toBe(`${before}\nb,x=3,2026-11-21\n`);
  });

  test('does not rewrite the file when nothing is new', () => {
    const text = 'factor,params,first_seen\nb,x=1,2026-10-06\r\n';
    const path = fresh(text);
    const before = statSync(path);
    expect(appendToLedger({ path, trials: trials('b', 'x=1'), firstSeen: '2026-11-21' })).toEqual([]);
    expect(statSync(path).ino).toBe(before.ino);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  test('writes the header into an empty file', () => {
    const path = fresh('');
    appendToLedger({ path, trials: trials('a', 'p=1'), firstSeen: '2026-11-21' });
    expect(readFileSync(path, 'utf8')).toBe('factor,params,first_seen\na,p=1,2026-11-21\n');
  });

  test('refuses a malformed ledger and an invalid date, leaving the file as it was', () => {
    const text = 'factor,params,first_seen\nb,x=1\n';
    const path = fresh(text);
    expect(() => appendToLedger({ path, trials: trials('b', 'x=2'), firstSeen: '2026-11-21' })).toThrow(/:2: expected 3 fields/);
    expect(() => appendToLedger({ path: fresh(null), trials: [], firstSeen: '2026-11-31' })).toThrow(LedgerError);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  test('takes over a lock left by a dead process and waits for a live one', () => {
    const path = fresh(null);
    // A pid above 2^22, Linux's largest pid_max: no such process.
    writeFileSync(`${path}.lock`, `${4194304 + 12345}\n`);
    appendToLedger({ path, trials: trials('a', 'p=1'), firstSeen: '2026-11-21' });
    expect(readFileSync(path, 'utf8')).toContain('a,p=1,2026-11-21');
    expect(() => statSync(`${path}.lock`)).toThrow();
    writeFileSync(`${path}.lock`, `${process.pid}\n`);
    expect(() => appendToLedger({ path, trials: trials('a', 'p=2'), firstSeen: '2026-11-21', lock: { timeoutMs: 100, retryMs: 10 } })).toThrow(/stayed held for 100 ms/);
    rmSync(`${path}.lock`);
  });
});
