/**
 * Test helper: the largest |actual - expected| / |expected| over two series, 0 where both
 * are equal (including both 0), Infinity where exactly one is NaN or the lengths differ.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let k = 0; k < actual.length; k++) {
    const a = actual[k]!;
    const e = expected[k]!;
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e)) return Number.POSITIVE_INFINITY;
      continue;
    }
    if (a === e) continue;
    worst = Math.max(worst, Math.abs(a - e) / Math.abs(e));
  }
  return worst;
}
