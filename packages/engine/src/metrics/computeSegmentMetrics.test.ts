import { describe, expect, test } from 'vitest';
import type { SegmentSeries } from '../portfolio/SegmentSeries.js';
import { computeSegmentMetrics } from './computeSegmentMetrics.js';

type SeriesInput = {
  returns: number[];
  ic?: number[];
  scoredCount?: number[];
  turnoverSum?: number;
  quantiles?: number;
  quantileReturns?: number[];
};

function series(input: SeriesInput): SegmentSeries {
  const n = input.returns.length;
  const quantiles = input.quantiles ?? 1;
  return {
    start: 300,
    end: 300 + n - 1,
    days: n,
    returns: Float64Array.from(input.returns),
    ic: Float64Array.from(input.ic ?? input.returns.map(() => Number.NaN)),
    scoredCount: Int32Array.from(input.scoredCount ?? input.returns.map(() => 20)),
    turnoverSum: input.turnoverSum ?? 0,
    rebalances: n,
    quantiles,
    quantileReturns: Float64Array.from(input.quantileReturns ?? new Array<number>(n * quantiles).fill(0)),
  };
}

describe('computeSegmentMetrics', () => {
  // R = 0.01, -0.02, 0.03, 0: E = 1.01, 0.9898, 1.019494, 1.019494
  const metrics = computeSegmentMetrics(
    series({
      returns: [0.01, -0.02, 0.03, 0],
      ic: [0.1, Number.NaN, 0.3, -0.1],
      scoredCount: [10, 12, 11, 13],
      turnoverSum: 1.5,
      quantiles: 2,
      quantileReturns: [0.01, 0.02, Number.NaN, 0.04, 0.03, Number.NaN, 0.05, 0],
    }),
  );

  test('compounds the total and annualized return', () => {
    expect(metrics.days).toBe(4);
    expect(metrics.totalReturn).toBeCloseTo(0.019494, 14);
    expect(metrics.annReturn).toBeCloseTo(Math.pow(1.019494, 252 / 4) - 1, 12);
  });

  test('annualizes volatility and Sharpe with the sample std', () => {
    // mean 0.005; squared deviations 0.000025 + 0.000625 + 0.000625 + 0.000025 = 0.0013
    const std = Math.sqrt(0.0013 / 3);
    expect(metrics.annVol).toBeCloseTo(std * Math.sqrt(252), 14);
    expect(metrics.sharpe).toBeCloseTo((0.005 / std) * Math.sqrt(252), 11);
  });

  test('measures drawdown from the running peak', () => {
    // peak 1.01 after day 1; day 2 sits at 0.9898 = 0.98 * 1.01
    expect(metrics.maxDrawdown).toBeCloseTo(0.02, 15);
  });

  test('averages turnover and counts hits over realized days', () => {
    expect(metrics.turnover).toBe(0.375);
    expect(metrics.hitRate).toBe(0.5);
  });

  test('summarizes the finite daily ICs only', () => {
    // 0.1, 0.3, -0.1: mean 0.1, deviations 0, 0.2, -0.2 -> std 0.2
    expect(metrics.meanIc).toBeCloseTo(0.1, 15);
    expect(metrics.icStd).toBeCloseTo(0.2, 15);
    expect(metrics.icTstat).toBeCloseTo(0.5 * Math.sqrt(3), 14);
  });

  test('averages the scored set size', () => {
    expect(metrics.universeMean).toBe(11.5);
  });

  test('averages each quantile over its finite days', () => {
    expect(metrics.quantileMeans).toHaveLength(2);
    expect(metrics.quantileMeans[0]).toBeCloseTo(0.03, 15);
    expect(metrics.quantileMeans[1]).toBeCloseTo(0.02, 15);
  });

  test('gives NaN for a quantile with no finite day', () => {
    const m = computeSegmentMetrics(series({ returns: [0, 0], quantiles: 2, quantileReturns: [0.01, Number.NaN, 0.03, Number.NaN] }));
    expect(m.quantileMeans[0]).toBeCloseTo(0.02, 15);
    expect(m.quantileMeans[1]).toBeNaN();
  });

  test('gives NaN Sharpe and vol for a single day', () => {
    const m = computeSegmentMetrics(series({ returns: [0.01] }));
    expect(m.sharpe).toBeNaN();
    expect(m.annVol).toBeNaN();
    expect(m.totalReturn).toBe(0.010000000000000009);
    expect(m.maxDrawdown).toBe(0);
  });

  test('gives NaN Sharpe for a flat segment', () => {
    const m = computeSegmentMetrics(series({ returns: [0, 0, 0] }));
    expect(m.sharpe).toBeNaN();
    expect(m.annVol).toBe(0);
    expect(m.totalReturn).toBe(0);
    expect(m.hitRate).toBe(0);
  });

  test('gives NaN IC figures when no IC is finite, and a NaN t-stat for one IC or zero IC std', () => {
    const none = computeSegmentMetrics(series({ returns: [0.01, 0.02], ic: [Number.NaN, Number.NaN] }));
    expect(none.meanIc).toBeNaN();
    expect(none.icStd).toBeNaN();
    expect(none.icTstat).toBeNaN();
    const one = computeSegmentMetrics(series({ returns: [0.01, 0.02], ic: [0.2, Number.NaN] }));
    expect(one.meanIc).toBe(0.2);
    expect(one.icTstat).toBeNaN();
    const flat = computeSegmentMetrics(series({ returns: [0.01, 0.02], ic: [0.1, 0.1] }));
    expect(flat.icStd).toBe(0);
    expect(flat.icTstat).toBeNaN();
  });
});
