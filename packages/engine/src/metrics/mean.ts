/**
 * Arithmetic mean of `values` with a compensated (Neumaier) sum, so long series of
 * daily returns match an exact-arithmetic reference far inside the protocol's 1e-9.
 * NaN for an empty array; a NaN value propagates.
 */
export function mean(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  return compensatedSum(values) / n;
}

/** Neumaier-compensated sum of `values` (0 for an empty array). */
export function compensatedSum(values: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const t = sum + x;
    // The lost low-order bits are in whichever operand is smaller in magnitude.
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}
