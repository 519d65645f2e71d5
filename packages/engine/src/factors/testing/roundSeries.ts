/**
 * Test helper: each value rounded to `digits` significant digits (default 12), NaN kept and
 * -0 turned into 0, so that `toEqual` compares floating-point results with hand-computed
 * fractions at relative precision of about 1e-12.
 */
export function roundSeries(values: ArrayLike<number>, digits = 12): number[] {
  return Array.from(values, (x) => (x === 0 ? 0 : Number.isFinite(x) ? Number(x.toPrecision(digits)) : x));
}
