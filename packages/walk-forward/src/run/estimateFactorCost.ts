/** What the cost estimate reads of one factor of a run. */
export type FactorWork = {
  /** The factor definition's relative compute cost (FactorDefinition.costHint); absent = 1. */
  readonly costHint?: number | undefined;
  /** Number of candidates (parameter sets) selected among per window, PROTOCOL section 7. */
  readonly candidates: number;
  /** Number of walk-forward windows to compute, PROTOCOL section 6. */
  readonly windows: number;
};

/**
 * Work of one candidate besides its signal, in costHint units (1 = one simple rolling-window
 * signal over the panel, about 10 ms on the S&P panel): ranking the scored set per date and
 * the daily table (IC, quantiles, long-short returns), about 40 ms whatever the factor.
 */
export const CANDIDATE_BASE_COST = 4;
/** Per-factor work besides its candidates (engine set-up, per-window selection and rows), in costHint units. */
export const FACTOR_BASE_COST = 4;

/**
 * The planner's estimate of a factor's work: windows x (candidates x (costHint +
 * CANDIDATE_BASE_COST) + FACTOR_BASE_COST). Fitted on the S&P nightly (sp500.yaml, ten
 * factors, one shard): every factor came within about 10% of 9.3 ms per unit, where
 * costHint x candidates alone ranged from 28 to 97 ms per unit (it left out the ranking and
 * simulation every candidate pays). Only the ratios between factors matter: wf-gates balances
 * shards by it and the runner's worker pool hands out factors largest first by it.
 *
 * Refining the longest-first split by moves and swaps was tried: on the S&P nightly it found
 * a split even to 1% by this estimate that ran 0.1-0.15 s slower than longest-first's 5%
 * split (six back-to-back comparisons); the estimate is good to about 10% per factor, so
 * finer balancing than that fits its noise.
 */
export function estimateFactorCost(factor: FactorWork): number {
  return factor.windows * (factor.candidates * ((factor.costHint ?? 1) + CANDIDATE_BASE_COST) + FACTOR_BASE_COST);
}
