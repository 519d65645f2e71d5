/**
 * A cross-sectional ordering per date (PROTOCOL section 4): for every calendar position t,
 * the symbol indices of a set sorted ascending by value, ties by symbol index.
 *
 * Used for the scored set S(t) sorted by score, and for the finite returns r[t] sorted by
 * return (the IC's return ranks), so each is sorted once per panel or parameter set.
 */
export type ScoreRanking = {
  readonly nDates: number;
  readonly nSymbols: number;
  /** order[t * nSymbols + p] = symbol index at position p (0-based) of date t, for p < count[t]. */
  readonly order: Int32Array;
  /** Size of the set at each date. */
  readonly count: Int32Array;
};
