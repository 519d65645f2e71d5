/**
 * wf-walk-forward on the real S&P 500 folder with ../shared/configs/sp500-nightly.yaml:
 * the rows match the independent oracle's files, and every speed switch (signal cache
 * off/cold/warm, engine reuse on/off, 1 vs 3 shards, SIGKILL then --resume) leaves the
 * protocol files byte-identical.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATE_THRESHOLDS, loadConfig } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeGateReportFromDir, formatGateReportCsv, mergeShardOutputs } from '../src/index.js';
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

  it('gives the oracle gate_report.csv from its own files through computeGateReportFromDir', async () => {
    const thresholds = (await loadConfig(config)).gates;
    expect(thresholds).toEqual(DEFAULT_GATE_THRESHOLDS);
    const csv = formatGateReportCsv(computeGateReportFromDir({ dir: out('cold'), thresholds }));
    expectRowsClose(parseRows(csv), parseRows(readFileSync(join(expectedDir, 'gate_report.csv'))), 'gate_report.csv');
  });

  it('writes the same bytes with the signal cache warm, off, and with the engine rebuilt per window', async () => {
    const runs = await Promise.all([run('warm', '--use-cache'), run('off')]);
    const rebuilt = await run('rebuilt', '--use-cache', '--no-engine-reuse');
    for (const result of [...runs, rebuilt]) expect(result.code).toBe(0);
    expect(readProtocolFiles(out('warm'))).toEqual(reference);
    expect(readProtocolFiles(out('off'))).toEqual(reference);
    expect(readProtocolFiles(out('rebuilt'))).toEqual(reference);
  }, 60_000);

  it('gives the single-shard bytes when 3 shards are merged in protocol order', async () => {
    const shards = [0, 1, 2].map((i) => `shard${i}`);
    const results = await Promise.all(shards.map((name, i) => run(name, '--use-cache', '--shard-index', String(i), '--shard-count', '3')));
    for (const result of results) expect(result.code).toBe(0);
    // Each shard runs a non-empty, disjoint part.
    const parts = shards.map((name) => JSON.parse(readFileSync(join(out(name), 'run.json'), 'utf8')).factors as string[]);
    expect(parts.every((ids) => ids.length > 0)).toBe(true);
    expect(parts.flat().sort()).toEqual(parseRows(readFileSync(join(expectedDir, 'gate_report.csv'))).map((r) => r['factor']));
    mergeShardOutputs({ shardDirs: shards.map(out), outDir: out('merged') });
    expect(readProtocolFiles(out('merged'))).toEqual(reference);
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
