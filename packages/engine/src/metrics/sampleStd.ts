import { mean } from './mean.js';

/**
 * Sample variance (ddof 1) of `values`, two-pass around the compensated mean.
 * NaN when fewer than 2 values. Exactly 0 when every value is identical, so the
 * protocol's "NaN if std is 0" rules (PROTOCOL sections 5 and 8) see a constant series as
 * constant even when its floating-point mean is not exactly representable.
 */
export function sampleVariance(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const first = values[0]!;
  let constant = true;
  for (let i = 1; i < n; i++) {
    if (values[i] !== first) {
      constant = false;
      break;
    }
  }
  if (constant) return Number.isNaN(first) ? Number.NaN : 0;
  const m = mean(values);
  let sumSquares = 0;
  let sumDeviations = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    sumSquares += d * d;
    sumDeviations += d;
  }
  // Corrected two-pass formula: removes the residual error of the mean.
  return Math.max(0, sumSquares - (sumDeviations * sumDeviations) / n) / (n - 1);
}

/** Sample standard deviation (ddof 1), the `std` of PROTOCOL sections 3, 5 and 8; NaN when fewer than 2 values. */
export function sampleStd(values: Float64Array): number {
  return Math.sqrt(sampleVariance(values));
}
