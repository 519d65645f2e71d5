import type { Construction } from './PortfolioConfig.js';

export type FormTargetOptions = {
  /** Dense weights by symbol, overwritten. */
  readonly target: Float64Array;
  readonly construction: Construction;
  readonly scores: Float64Array;
  /** Score ranking order and the row start of the signal date s (s * nSymbols). */
  readonly sOrder: Int32Array;
  readonly sRow: number;
  /** |S(s)|. */
  readonly n: number;
  readonly quantiles: number;
  readonly minNames: number;
  /** Quantile bounds of n (fillQuantileBounds), valid when n >= minNames. */
  readonly bounds: Int32Array;
};

/**
 * The target weights formed at signal date s (PROTOCOL section 4): flat when |S(s)| < minNames;
 * long-short +1/|top| and -1/|bottom|, long-only +1/|top|, time-series sign(score)/n. The
 * one definition shared by simulateSegment and computeDailyTable.
 */
export function formTarget(options: FormTargetOptions): void {
  const { target, scores, sOrder, sRow, n, quantiles, bounds } = options;
  target.fill(0);
  if (n < options.minNames) return;
  if (options.construction === 'time_series') {
    for (let p = 0; p < n; p++) {
      const i = sOrder[sRow + p] as number;
      const score = scores[sRow + i] as number;
      target[i] = score > 0 ? 1 / n : score < 0 ? -1 / n : 0;
    }
    return;
  }
  const topStart = bounds[quantiles - 1] as number;
  const topWeight = 1 / (n - topStart);
  for (let p = topStart; p < n; p++) target[sOrder[sRow + p] as number] = topWeight;
  if (options.construction === 'quantile_long_short') {
    const bottomEnd = bounds[1] as number;
    const bottomWeight = 1 / bottomEnd;
    for (let p = 0; p < bottomEnd; p++) {
      const i = sOrder[sRow + p] as number;
      target[i] = (target[i] as number) - bottomWeight;
    }
  }
}

/** sum_i w[i] * r[d][i] over the held weights, a NaN r counting 0, in symbol order. */
export function heldReturn(weights: Float64Array, returns: Float64Array, dRow: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    const r = returns[dRow + i] as number;
    if (r - r === 0) sum += w * r;
  }
  return sum;
}

/** sum_i |next[i] - previous[i]| in symbol order: the turnover of a rebalance. */
export function turnoverBetween(next: Float64Array, previous: Float64Array): number {
  let turnover = 0;
  for (let i = 0; i < next.length; i++) turnover += Math.abs((next[i] as number) - (previous[i] as number));
  return turnover;
}
