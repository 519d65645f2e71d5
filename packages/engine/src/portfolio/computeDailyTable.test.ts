import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../factors/createBuiltinRegistry.js';
import { computeReturns } from '../data/computeReturns.js';
import type { Panel } from '../data/Panel.js';
import { generateSampleMarket } from '../sample/generateSampleMarket.js';
import { computeUniverse } from '../universe/computeUniverse.js';
import { DEFAULT_UNIVERSE_CONFIG } from '../universe/Universe.js';
import type { Universe } from '../universe/Universe.js';
import { computeDailyTable } from './computeDailyTable.js';
import type { Construction, PortfolioConfig } from './PortfolioConfig.js';
import { rankCrossSection } from './rankCrossSection.js';
import type { ScoreRanking } from './ScoreRanking.js';
import type { SegmentSeries } from './SegmentSeries.js';
import { simulateSegment } from './simulateSegment.js';
import { sliceDailyTable } from './sliceDailyTable.js';

let panel: Panel;
let returns: Float64Array;
let universe: Universe;
let returnRanking: ScoreRanking;
const signals = new Map<string, { scores: Float64Array; ranking: ScoreRanking }>();

beforeAll(() => {
  panel = generateSampleMarket({ symbols: 45, days: 260, seed: 11 }).panel;
  returns = computeReturns(panel);
  universe = computeUniverse(panel, { ...DEFAULT_UNIVERSE_CONFIG, minHistory: 20 });
  returnRanking = rankCrossSection({ values: returns, nDates: panel.nDates, nSymbols: panel.nSymbols });
  const registry = createBuiltinRegistry();
  for (const [id, params] of [
    ['reversal', { lookback: 5 }],
    ['rsi', { period: 7 }],
    ['momentum', { lookback: 60, skip: 5 }],
  ] as const) {
    const factor = registry.get(id);
    const scores = new Float64Array(panel.nDates * panel.nSymbols);
    factor.compute({ panel, returns }, { ...factor.defaults, ...params }, scores);
    signals.set(id, { scores, ranking: rankCrossSection({ values: scores, nDates: panel.nDates, nSymbols: panel.nSymbols, universe }) });
  }
});

function bytes(series: SegmentSeries): string {
  const hex = (a: Float64Array | Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return [hex(series.returns), hex(series.ic), hex(series.scoredCount), hex(series.quantileReturns), series.turnoverSum, series.rebalances, series.days].join('|');
}

describe('computeDailyTable and sliceDailyTable', () => {
  it('slice every segment bit-identically to simulateSegment, for every construction, holding period and cost', () => {
    const constructions: Construction[] = ['quantile_long_short', 'long_only', 'time_series'];
    fc.assert(
      fc.property(
        fc.constantFrom('reversal', 'rsi', 'momentum'),
        fc.constantFrom(...constructions),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(0, 10, 37.5),
        fc.integer({ min: 1, max: 259 }),
        fc.integer({ min: 0, max: 258 }),
        (id, construction, holdingDays, quantiles, costBps, start, length) => {
          const end = Math.min(panel.nDates - 1, start + length);
          const portfolio: PortfolioConfig = { construction, quantiles, holdingDays, costBps, minNames: Math.max(10, quantiles) };
          const { scores, ranking } = signals.get(id) as { scores: Float64Array; ranking: ScoreRanking };
          const common = { returns, returnRanking, scores, scoreRanking: ranking, nSymbols: panel.nSymbols, portfolio };
          const table = computeDailyTable(common);
          const sliced = sliceDailyTable({ table, start, end, costBps });
          const simulated = simulateSegment({ ...common, start, end });
          expect(bytes(sliced)).toBe(bytes(simulated));
        },
      ),
      { numRuns: 60, seed: 20261121 },
    );
  });

  it('serves every cost from one table: cost only lowers the day after each rebalance', () => {
    const { scores, ranking } = signals.get('reversal') as { scores: Float64Array; ranking: ScoreRanking };
    const portfolio: PortfolioConfig = { construction: 'quantile_long_short', quantiles: 5, holdingDays: 2, costBps: 0, minNames: 10 };
    const table = computeDailyTable({ returns, returnRanking, scores, scoreRanking: ranking, nSymbols: panel.nSymbols, portfolio });
    const free = sliceDailyTable({ table, start: 100, end: 140, costBps: 0 });
    const costly = sliceDailyTable({ table, start: 100, end: 140, costBps: 25 });
    for (let j = 0; j < free.days; j++) {
      if (j % 2 === 1) expect(costly.returns[j]).toBe(free.returns[j]);
      else expect(costly.returns[j]).toBeLessThanOrEqual(free.returns[j] as number);
    }
    expect(costly.rebalances).toBe(21);
  });

  it('rejects a segment outside the calendar and a negative cost', () => {
    const { scores, ranking } = signals.get('rsi') as { scores: Float64Array; ranking: ScoreRanking };
    const portfolio: PortfolioConfig = { construction: 'long_only', quantiles: 5, holdingDays: 1, costBps: 10, minNames: 10 };
    const table = computeDailyTable({ returns, returnRanking, scores, scoreRanking: ranking, nSymbols: panel.nSymbols, portfolio });
    expect(() => sliceDailyTable({ table, start: 0, end: 5, costBps: 10 })).toThrow(/does not fit a calendar of 260 dates/);
    expect(() => sliceDailyTable({ table, start: 5, end: 260, costBps: 10 })).toThrow(/does not fit/);
    expect(() => sliceDailyTable({ table, start: 5, end: 9, costBps: -1 })).toThrow(/cost_bps/);
  });
});
