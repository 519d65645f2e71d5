/**
 * The daily outcomes of one (factor parameter set, portfolio shape) over the whole calendar,
 * from which any segment's series of PROTOCOL section 4 is sliced in O(days).
 *
 * Everything a segment needs that does not depend on where the segment starts is stored per
 * date: the target formed at each signal date s is the same in every segment, so the gross
 * return of holding it on day s + l, its turnover from the target formed h days earlier, its
 * gross (the turnover of a segment's first rebalance, from a flat book), the daily IC and
 * the quantile returns are computed once. Costs are applied when slicing, so one table
 * serves every `cost_bps`.
 */
export type DailyTable = {
  readonly nDates: number;
  readonly holdingDays: number;
  readonly quantiles: number;
  /** Gross return on day s + l of the target formed at s: index (l - 1) * nDates + s, l = 1..h; NaN past the calendar. */
  readonly lagReturns: Float64Array;
  /** sum_i |w_s[i]|: the turnover of a rebalance at s from a flat book. */
  readonly grossExposure: Float64Array;
  /** sum_i |w_s[i] - w_{s-h}[i]| for s >= h; NaN before. */
  readonly turnoverFromPrevious: Float64Array;
  /** IC[d] for d >= 1 (index d); NaN at 0. */
  readonly ic: Float64Array;
  /** Daily mean r[d] of each quantile of d - 1: index d * Q + (q - 1); NaN at d = 0. */
  readonly quantileReturns: Float64Array;
  /** |S(s)| per date. */
  readonly scoredCount: Int32Array;
};
