import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { describe, expect, test } from 'vitest';
import { deflatedSharpeRatio } from './deflatedSharpeRatio.js';

const returns = [0.01, -0.02, 0.03, 0, 0.015, 0.004, -0.007];

/** PROTOCOL section 8 written out on plain arrays, independently of the metrics helpers. */
function directDsr(r: number[], trials: number, variance: number): number {
  const T = r.length;
  const m = r.reduce((a, b) => a + b, 0) / T;
  const dev = r.map((x) => x - m);
  const std = Math.sqrt(dev.reduce((a, d) => a + d * d, 0) / (T - 1));
  const sr = m / std;
  const m2 = dev.reduce((a, d) => a + d ** 2, 0) / T;
  const m3 = dev.reduce((a, d) => a + d ** 3, 0) / T;
  const m4 = dev.reduce((a, d) => a + d ** 4, 0) / T;
  const g3 = m3 / m2 ** 1.5;
  const g4 = m4 / m2 ** 2;
  const e = 0.5772156649;
  const sr0 =
    trials === 1
      ? 0
      : Math.sqrt(variance) *
        ((1 - e) * normalQuantile(1 - 1 / trials, 0, 1) + e * normalQuantile(1 - 1 / (trials * 2.718281828459045), 0, 1));
  return normalCdf(((sr - sr0) * Math.sqrt(T - 1)) / Math.sqrt(1 - g3 * sr + ((g4 - 1) / 4) * sr ** 2), 0, 1);
}

describe('deflatedSharpeRatio', () => {
  test('follows the protocol formula term by term', () => {
    const dsr = deflatedSharpeRatio({ returns: Float64Array.from(returns), trials: 3, sharpeVariance: 0.0004 });
    expect(dsr).toBeCloseTo(directDsr(returns, 3, 0.0004), 13);
  });

  test('matches an independent numpy/scipy evaluation', () => {
    // numpy std(ddof=1), population moments, scipy.stats.norm.cdf/ppf
    const r = Float64Array.from(returns);
    expect(deflatedSharpeRatio({ returns: r, trials: 3, sharpeVariance: 0.0004 })).toBeCloseTo(0.7428720972315723, 12);
    expect(deflatedSharpeRatio({ returns: r, trials: 2, sharpeVariance: 0.0004 })).toBeCloseTo(0.7480734422536733, 12);
    expect(deflatedSharpeRatio({ returns: r, trials: 1, sharpeVariance: 0 })).toBeCloseTo(0.7560783435833354, 12);
  });

  test('deflates more with more trials', () => {
    const r = Float64Array.from(returns);
    const two = deflatedSharpeRatio({ returns: r, trials: 2, sharpeVariance: 0.0004 });
    const ten = deflatedSharpeRatio({ returns: r, trials: 10, sharpeVariance: 0.0004 });
    expect(ten).toBeLessThan(two);
  });

  test('uses SR0 = 0 for a single trial whatever V is', () => {
    const r = Float64Array.from(returns);
    const withV = deflatedSharpeRatio({ returns: r, trials: 1, sharpeVariance: 0.5 });
    expect(withV).toBe(deflatedSharpeRatio({ returns: r, trials: 1, sharpeVariance: 0 }));
    expect(withV).toBeCloseTo(directDsr(returns, 1, 0), 13);
  });

  test('is one half for a zero Sharpe and a single trial', () => {
    expect(deflatedSharpeRatio({ returns: Float64Array.from([0.01, -0.01, 0.02, -0.02]), trials: 1, sharpeVariance: 0 })).toBe(0.5);
  });

  test('is NaN for fewer than 2 days or a zero std', () => {
    expect(deflatedSharpeRatio({ returns: Float64Array.from([0.01]), trials: 1, sharpeVariance: 0 })).toBeNaN();
    expect(deflatedSharpeRatio({ returns: Float64Array.from([0, 0, 0]), trials: 1, sharpeVariance: 0 })).toBeNaN();
  });

  test('is NaN when V is NaN with several trials', () => {
    expect(deflatedSharpeRatio({ returns: Float64Array.from(returns), trials: 4, sharpeVariance: Number.NaN })).toBeNaN();
  });
});
