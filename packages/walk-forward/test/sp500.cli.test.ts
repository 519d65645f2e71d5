/**
 * wf-walk-forward on the real S&P 500 folder with ../shared/configs/sp500-nightly.yaml:
 * the rows match the independent oracle's files, and every speed switch (signal cache
 * off/cold/warm, engine reuse on/off, SIGKILL then --resume) leaves the protocol files
 * byte-identical. Shards merged and the gate report of these files: @wf/gates'
 * test/shardMerge.cli.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRowsClose, heartbeatUnits, parseRows, readProtocolFiles, repoRoot, runCliProcess } from './cliHarness.js';

const shared = join(repoRoot, '../shared');
const config = join(shared, 'configs/sp500-nightly.yaml');
const expectedDir = join(shared, 'expected/sp500-nightly-v2');

describe('wf-walk-forward on the S&P 500 nightly config', () => {
  let tmp: string;
  let cacheDir: string;
  let reference: Record<string, string>;
  const out = (name: string): string => join(tmp, name);
  const run = (name: string, ...flags: string[]) =>
    runCliProcess(['--config', config, '--out', out(name), '--cache-dir', cacheDir, '--log-level', 'warn', ...flags]);

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-sp500-'));
    cacheDir = join(tmp, 'cache');
    // Signal cache cold (empty cache folder): the reference run.
    const result = await run('cold', '--use-cache');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    reference = readProtocolFiles(out('cold'));
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes walk_forward_summary.csv and universe_audit.csv rows equal to the oracle (relative 1e-9)', () => {
    for (const name of ['walk_forward_summary.csv', 'universe_audit.csv']) {
      expectRowsClose(parseRows(reference[name] as string), parseRows(readFileSync(join(expectedDir, name))), name);
    }
  });

  it('writes the same bytes with the signal cache warm and off', async () => {
    const runs = await Promise.all([run('warm', '--use-cache'), run('off')]);
    for (const result of runs) expect(result.code).toBe(0);
    expect(readProtocolFiles(out('warm'))).toEqual(reference);
    expect(readProtocolFiles(out('off'))).toEqual(reference);
  }, 60_000);

  it('ends with the uninterrupted bytes after a SIGKILL at a random window and --resume', async () => {
    const total = 110;
    const killAt = 1 + Math.floor(Math.random() * (total - 20));
    const killed = await runCliProcess(
      ['--config', config, '--out', out('killed'), '--cache-dir', cacheDir, '--use-cache', '--log-level', 'info'],
      (line, kill) => {
        if ((heartbeatUnits(line) ?? 0) >= killAt) kill();
      },
    );
    expect(killed.signal, `killed at window ${killAt}`).toBe('SIGKILL');
    const partial = readFileSync(join(out('killed'), 'walk_forward_summary.csv'), 'utf8').split('\n').length - 2;
    expect(partial).toBeGreaterThanOrEqual(killAt);
    expect(partial).toBeLessThan(total);
    const resumed = await run('killed', '--use-cache', '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${total - partial} windows run, ${partial} resumed`));
    expect(readProtocolFiles(out('killed'))).toEqual(reference);
  }, 60_000);
});
