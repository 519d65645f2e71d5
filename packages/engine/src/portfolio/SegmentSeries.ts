/**
 * Daily series of one segment [start, end] (calendar positions of the first and last
 * realized day), PROTOCOL section 4. Index j is realized day d = start + j.
 */
export type SegmentSeries = {
  readonly start: number;
  readonly end: number;
  /** n = end - start + 1. */
  readonly days: number;
  /** R[d]: the held weights times r[d] (NaN r counts as 0) minus cost on the day after a rebalance. */
  readonly returns: Float64Array;
  /** Daily Spearman IC of score[d-1] and r[d]; NaN when undefined. */
  readonly ic: Float64Array;
  /** |S(d-1)|, the scored set size at each signal date. */
  readonly scoredCount: Int32Array;
  /** Sum of the turnovers of the segment's rebalances (a-1, a-1+h, ... <= end-1). */
  readonly turnoverSum: number;
  /** Number of rebalances in the segment. */
  readonly rebalances: number;
  /** quantiles of the run (Q). */
  readonly quantiles: number;
  /** Daily mean r[d] of each quantile of d-1: index j * Q + (q - 1); NaN when undefined. */
  readonly quantileReturns: Float64Array;
};
