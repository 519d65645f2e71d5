export type GridSplitterOptions = {
  /** An upper bound of |v| over the values to sum (0 when all are 0). */
  readonly maxMagnitude: number;
  /**
   * A lower bound of the values' quantum: every value is an integer multiple of a power of
   * two >= quantum (m * 2^-53 for non-zero doubles of magnitude >= m).
   */
  readonly quantum: number;
  /** The most values a running sum holds at once (window + 1: add before remove). */
  readonly terms: number;
};

/**
 * Exact running sums without error checks (PROTOCOL section 3: a window's sum is a function
 * of its values). Returns C = 1.5 * 2^52 * G for a power of two G such that every value v
 * splits exactly into vHi = (v + C) - C, a multiple of G, and vLo = v - vHi, |vLo| <= G/2,
 * and any `terms` of the vHi and of the vLo sum exactly in plain doubles: the vHi are
 * multiples of G below 2^53 G in total, the vLo multiples of the values' quantum below 2^53
 * times it in total. So running sums hi += vHi, lo += vLo (and -= on removal) stay exact
 * and fl(hi + lo) is the correctly rounded window sum. Returns 0 when no such G exists (the
 * values span too many binades for `terms`, or G would be subnormal or overflow); callers
 * then use checked error-free sums.
 */
export function gridSplitter(options: GridSplitterOptions): number {
  const { maxMagnitude, quantum, terms } = options;
  if (maxMagnitude === 0) return 1.5 * 2 ** 52; // all zeros: any grid
  const bound = terms * maxMagnitude;
  // Grids above 2^960 are refused below anyway; this also keeps 2^ceil(log2(bound)) finite.
  if (!(bound < 2 ** 1000)) return 0;
  // The smallest power of two >= bound (log2 may be off by one near powers of two).
  let power = 2 ** Math.ceil(Math.log2(bound));
  if (power < bound) power *= 2;
  while (power / 2 >= bound) power /= 2;
  const grid = power * 2 ** -51;
  if (!(grid >= 2 ** -1022 && grid <= 2 ** 960)) return 0;
  // terms * G / 2 < 2^53 * quantum keeps the low parts exact.
  return terms * grid < 2 ** 54 * quantum ? 1.5 * 2 ** 52 * grid : 0;
}
