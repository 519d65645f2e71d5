/** Universe settings of PROTOCOL section 2 (config key `universe`). */
export type UniverseConfig = {
  /** Consecutive finite positive closes needed, ending at t (default 60). */
  readonly minHistory: number;
  /** Minimum close at t (default 5). */
  readonly minPrice: number;
  /** Minimum 20-day mean dollar volume C*V over t-19..t (default 1e6). */
  readonly minDollarVolume: number;
  /** Keep only the top N survivors by market cap (20-day mean DV without caps); null = off. */
  readonly topN: number | null;
};

export const DEFAULT_UNIVERSE_CONFIG: UniverseConfig = {
  minHistory: 60,
  minPrice: 5,
  minDollarVolume: 1e6,
  topN: null,
};

/** The exclusion rules in protocol order; status code k (1..5) means EXCLUSION_RULES[k - 1]. */
export const EXCLUSION_RULES = ['no_price', 'history', 'price', 'liquidity', 'rank'] as const;
export type ExclusionRule = (typeof EXCLUSION_RULES)[number];

/**
 * Eligibility of every symbol-day, computed once per (panel, universe config).
 * Date-major like the panel.
 */
export type Universe = {
  readonly config: UniverseConfig;
  readonly nDates: number;
  readonly nSymbols: number;
  /** 0 = eligible; k in 1..5 = first failed rule, EXCLUSION_RULES[k - 1]. */
  readonly status: Uint8Array;
  /** Number of eligible symbols per date. */
  readonly eligibleCount: Int32Array;
  /** Excluded symbol counts per date and rule: index t * 5 + (k - 1). */
  readonly excludedCounts: Int32Array;
};
