/** Portfolio construction of PROTOCOL section 4. */
export type Construction = 'quantile_long_short' | 'long_only' | 'time_series';

/** Portfolio settings (config key `portfolio`). */
export type PortfolioConfig = {
  readonly construction: Construction;
  /** Q, number of quantiles (default 5). */
  readonly quantiles: number;
  /** Holding period h in days (default 1). */
  readonly holdingDays: number;
  /** One-way cost per unit of turnover, in basis points (default 10). */
  readonly costBps: number;
  /** Fewer scored names than this at a rebalance date means a flat target (default 10; >= quantiles). */
  readonly minNames: number;
};

export const DEFAULT_PORTFOLIO_CONFIG: PortfolioConfig = {
  construction: 'quantile_long_short',
  quantiles: 5,
  holdingDays: 1,
  costBps: 10,
  minNames: 10,
};
