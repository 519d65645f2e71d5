import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BacktestEngine,
  computeSegmentMetrics,
  createBuiltinRegistry,
  createMarketContext,
  generateSampleMarket,
  loadConfig,
  loadPanel,
  simulateSegment,
  writeSampleMarket,
} from '@wf/engine';
import { protocolCandidates } from '@wf/optimizer';
import { planWindows, runWalkForward } from '@wf/walk-forward';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWindowSummaries } from '../readWindowSummaries.js';
import { computeQuantileMeans } from './computeQuantileMeans.js';

const CODE = 'a'.repeat(64);
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wf-quantiles-'));
  writeSampleMarket({ dir: join(dir, 'prices'), market: generateSampleMarket({ symbols: 40, days: 420, seed: 7, reversalStrength: 0.05 }) });
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'data: { prices: prices }',
      'universe: { min_history: 20, min_price: 1, min_dollar_volume: 0 }',
      'windows: { warmup_days: 60, train_days: 120, test_days: 60 }',
      'portfolio: { quantiles: 4, min_names: 8 }',
      'factors:',
      '  - { id: reversal, space: { lookback: [3, 5] } }',
      '  - { id: momentum, params: { lookback: 40, skip: 0 } }',
      '',
    ].join('\n'),
  );
  await runWalkForward({ configPath: join(dir, 'config.yaml'), outDir: join(dir, 'run'), cacheDir: join(dir, 'cache'), workers: 1 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('computeQuantileMeans', () => {
  it('gives each window the q1..qQ of its selected params simulated directly on its test segment, and the day-weighted mean over all', async () => {
    const config = await loadConfig(join(dir, 'config.yaml'));
    const windows = readWindowSummaries(readFileSync(join(dir, 'run', 'walk_forward_summary.csv'), 'utf8'));
    const means = await computeQuantileMeans({ config, windows, cacheDir: join(dir, 'cache') });
    expect([...means.keys()].sort()).toEqual(['momentum', 'reversal']);

    // The other path: simulateSegment on the factor's signals, not a slice of a daily table.
    const loaded = await loadPanel({ pricesDir: config.data.prices, cacheDir: join(dir, 'cache') });
    const context = createMarketContext({ panel: loaded.panel, dataFingerprint: loaded.fingerprint, universe: config.universe });
    const planned = planWindows({ windows: config.windows, nDates: loaded.panel.nDates });
    const registry = createBuiltinRegistry();
    for (const spec of config.factors) {
      const rows = windows.get(spec.id) ?? [];
      const factor = registry.get(spec.id);
      const engine = new BacktestEngine({ context, factor, portfolio: config.portfolio });
      const candidates = protocolCandidates(factor, spec);
      const result = means.get(spec.id);
      expect(result?.byWindow).toHaveLength(rows.length);
      const sums = [0, 0, 0, 0];
      const counts = [0, 0, 0, 0];
      rows.forEach((row, k) => {
        const params = candidates.find((c) => c.paramsText === row.params)?.params;
        const win = planned[row.window];
        if (params === undefined || win === undefined) throw new Error(`no candidate ${row.params}`);
        const signals = engine.signals(params);
        const series = simulateSegment({
          returns: context.returns,
          returnRanking: context.returnRanking,
          scores: signals.scores,
          scoreRanking: signals.ranking,
          nSymbols: loaded.panel.nSymbols,
          portfolio: config.portfolio,
          start: win.testStart,
          end: win.testEnd,
        });
        expect(result?.byWindow[k]).toEqual(computeSegmentMetrics(series).quantileMeans);
        series.quantileReturns.forEach((x, j) => {
          if (Number.isFinite(x)) {
            sums[j % 4] = (sums[j % 4] as number) + x;
            counts[j % 4] = (counts[j % 4] as number) + 1;
          }
        });
      });
      result?.overall.forEach((q, i) => expect(q).toBeCloseTo((sums[i] as number) / (counts[i] as number), 15));
    }
    // The planted 5-day reversal: the top reversal quantile earns more than the bottom one.
    const reversal = means.get('reversal')?.overall ?? [];
    expect(reversal[3]).toBeGreaterThan(reversal[0] as number);
  });

  it('gives the same numbers when read through a signal cache, cold and warm', async () => {
    const config = await loadConfig(join(dir, 'config.yaml'));
    const windows = readWindowSummaries(readFileSync(join(dir, 'run', 'walk_forward_summary.csv'), 'utf8'));
    const plain = await computeQuantileMeans({ config, windows, cacheDir: join(dir, 'cache') });
    const cold = await computeQuantileMeans({ config, windows, cacheDir: join(dir, 'cache2'), signalCache: { codeSha256: CODE } });
    const warm = await computeQuantileMeans({ config, windows, cacheDir: join(dir, 'cache2'), signalCache: { codeSha256: CODE } });
    expect(cold).toEqual(plain);
    expect(warm).toEqual(plain);
  });
});
