import { mean } from './mean.js';

/** Population (divide by n) central moments m2, m3, m4 of a series, PROTOCOL section 8. */
export type CentralMoments = {
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
};

/**
 * Population central moments m_k = mean((x - mean(x))^k) for k = 2, 3, 4, used for the
 * skewness g3 = m3/m2^1.5 and kurtosis g4 = m4/m2^2 of the deflated Sharpe ratio
 * (PROTOCOL section 8). All NaN for an empty array.
 */
export function populationCentralMoments(values: Float64Array): CentralMoments {
  const n = values.length;
  if (n === 0) return { m2: Number.NaN, m3: Number.NaN, m4: Number.NaN };
  const m = mean(values);
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { m2: s2 / n, m3: s3 / n, m4: s4 / n };
}
