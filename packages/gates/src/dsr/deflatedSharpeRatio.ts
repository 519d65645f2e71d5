import { createRequire } from 'node:module';
import type NormalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type NormalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { dailySharpe, populationCentralMoments } from '@wf/engine';

// @stdlib's normal distribution is a tree of small CommonJS modules (about 55 ms to load);
// only evaluating the gates needs it, so it is loaded on first use, not by every process
// that imports this package (wf-gates before its merge, wf-walk-forward planning its shard).
const requireCjs = createRequire(import.meta.url);
let phi: typeof NormalCdf | undefined;
let phiInverse: typeof NormalQuantile | undefined;

function normalCdf(x: number, mu: number, sigma: number): number {
  phi ??= requireCjs('@stdlib/stats-base-dists-normal-cdf') as typeof NormalCdf;
  return phi(x, mu, sigma);
}

function normalQuantile(p: number, mu: number, sigma: number): number {
  phiInverse ??= requireCjs('@stdlib/stats-base-dists-normal-quantile') as typeof NormalQuantile;
  return phiInverse(p, mu, sigma);
}

/** Euler-Mascheroni constant as written in PROTOCOL section 8. */
export const EULER_MASCHERONI = 0.5772156649;
/** e as written in PROTOCOL section 8. */
const EULER_NUMBER = 2.718281828459045;

/** Inputs of the deflated Sharpe ratio, PROTOCOL section 8. */
export type DeflatedSharpeOptions = {
  /** Stitched out-of-sample daily returns R (length T). */
  readonly returns: Float64Array;
  /** N, the number of candidates tried (>= 1). */
  readonly trials: number;
  /** V, variance of the candidates' per-day Sharpe ratios; ignored (taken as 0) when trials is 1. */
  readonly sharpeVariance: number;
};

/**
 * Deflated Sharpe ratio (Bailey and Lopez de Prado, 2014) in per-day units, PROTOCOL section 8:
 * SR = mean/std (ddof 1) of R, g3 = m3/m2^1.5, g4 = m4/m2^2 (population moments),
 * SR0 = sqrt(V) * ((1-e)*PhiInv(1-1/N) + e*PhiInv(1-1/(N*2.718281828459045))) (0 when N = 1),
 * DSR = Phi((SR - SR0)*sqrt(T-1) / sqrt(1 - g3*SR + (g4-1)/4*SR^2)).
 * A probability in [0, 1]; NaN when T < 2, std is 0, trials < 1, V is NaN (N > 1), or the
 * term under the square root is negative.
 */
export function deflatedSharpeRatio(options: DeflatedSharpeOptions): number {
  const { returns, trials, sharpeVariance } = options;
  const days = returns.length;
  const sharpe = dailySharpe(returns);
  if (Number.isNaN(sharpe) || !(trials >= 1)) return Number.NaN;
  const { m2, m3, m4 } = populationCentralMoments(returns);
  const skewness = m3 / Math.pow(m2, 1.5);
  const kurtosis = m4 / (m2 * m2);
  const benchmark = trials === 1 ? 0 : expectedMaxSharpe(trials, sharpeVariance);
  const denominator = Math.sqrt(1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe);
  return normalCdf((sharpe - benchmark) * Math.sqrt(days - 1) / denominator, 0, 1);
}

/** SR0: the expected maximum of N per-day Sharpe ratios with variance V under the null. */
function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  const e = EULER_MASCHERONI;
  return (
    Math.sqrt(sharpeVariance) *
    ((1 - e) * normalQuantile(1 - 1 / trials, 0, 1) + e * normalQuantile(1 - 1 / (trials * EULER_NUMBER), 0, 1))
  );
}
