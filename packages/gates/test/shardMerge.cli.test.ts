/**
 * wf-walk-forward shards run by hand and merged here: `--shard-index i --shard-count n`
 * without `--factors` runs shard i's part of wf-gates' split (planShardFactors, computed once
 * per process), and mergeShardOutputs of the parts gives the single run's bytes; the gate
 * report computed from a single run's files (computeGateReportFromDir) is the oracle's.
 * On a generated market and on the real S&P 500 folder (../shared/configs/sp500-nightly.yaml).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATE_THRESHOLDS, generateSampleMarket, loadConfig, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeGateReportFromDir, formatGateReportCsv, mergeShardOutputs } from '../src/index.js';
import { expectRowsClose, parseRows, readProtocolFiles, repoRoot, runWalkForwardCli } from './gatesHarness.js';

/** Five factors of unequal cost, so three shards get unequal parts. */
const GENERATED_CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40, step_days: 40 }
objective: mean_ic
factors:
  - { id: bollinger, space: { period: [10, 20] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
  - { id: amihud, params: { lookback: 20 } }
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: ma_cross, params: { fast: 10, slow: 40 } }
`;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wf-shard-merge-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** wf-walk-forward into `<tmp>/<prefix><name>` with the given config, cache under `<tmp>/<prefix>cache`. */
const walker = (prefix: string, config: () => string) => ({
  out: (name: string): string => join(tmp, `${prefix}${name}`),
  run: (name: string, ...flags: string[]) =>
    runWalkForwardCli(['--config', config(), '--out', join(tmp, `${prefix}${name}`), '--cache-dir', join(tmp, `${prefix}cache`), '--log-level', 'warn', ...flags]),
});

describe('wf-walk-forward shards on a generated market, merged', () => {
  let config: string;
  let reference: Record<string, string>;
  const { out, run } = walker('generated-', () => config);

  beforeAll(async () => {
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 60, days: 500, seed: 7 }) });
    config = join(tmp, 'generated.yaml');
    writeFileSync(config, GENERATED_CONFIG);
    const result = await run('reference');
    expect(result.code).toBe(0);
    reference = readProtocolFiles(out('reference'));
  }, 120_000);

  it('gives the single-shard bytes when 3 shards are merged', async () => {
    const results = await Promise.all([0, 1, 2].map((i) => run(`s${i}`, '--shard-index', String(i), '--shard-count', '3')));
    for (const result of results) expect(result.code).toBe(0);
    mergeShardOutputs({ shardDirs: ['s2', 's0', 's1'].map(out), outDir: out('merged') });
    expect(readProtocolFiles(out('merged'))).toEqual(reference);
  });
});

describe('wf-walk-forward shards on the S&P 500 nightly config, merged, and its gate report', () => {
  const shared = join(repoRoot, '../shared');
  const config = join(shared, 'configs/sp500-nightly.yaml');
  const expectedDir = join(shared, 'expected/sp500-nightly-v2');
  let reference: Record<string, string>;
  const { out, run } = walker('sp500-', () => config);

  beforeAll(async () => {
    const result = await run('cold', '--use-cache');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    reference = readProtocolFiles(out('cold'));
  }, 120_000);

  it('gives the oracle gate_report.csv from its own files through computeGateReportFromDir', async () => {
    const thresholds = (await loadConfig(config)).gates;
    expect(thresholds).toEqual(DEFAULT_GATE_THRESHOLDS);
    const csv = formatGateReportCsv(computeGateReportFromDir({ dir: out('cold'), thresholds }));
    expectRowsClose(parseRows(csv), parseRows(readFileSync(join(expectedDir, 'gate_report.csv'))), 'gate_report.csv');
  });

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
});
