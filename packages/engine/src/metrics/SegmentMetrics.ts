/** Metrics of one segment, PROTOCOL section 5. NaN where the protocol says undefined. */
export type SegmentMetrics = {
  readonly days: number;
  readonly totalReturn: number;
  readonly annReturn: number;
  readonly annVol: number;
  readonly sharpe: number;
  readonly maxDrawdown: number;
  readonly turnover: number;
  readonly hitRate: number;
  readonly meanIc: number;
  readonly icStd: number;
  readonly icTstat: number;
  readonly universeMean: number;
  /** q1..qQ: mean over days of each quantile's daily mean return. */
  readonly quantileMeans: readonly number[];
};
