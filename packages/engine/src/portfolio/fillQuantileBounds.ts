/**
 * Quantile boundaries of n sorted names (PROTOCOL section 4: position p = 0..n-1 is in
 * quantile q = floor(p*Q/n) + 1). Writes Q + 1 boundaries into `bounds` (Q = bounds.length - 1):
 * quantile q spans positions [bounds[q-1], bounds[q]); bounds[0] = 0 and bounds[Q] = n.
 * bounds[k] = ceil(k*n/Q), the least p with floor(p*Q/n) >= k, in exact integer arithmetic.
 */
export function fillQuantileBounds(bounds: Int32Array, n: number): void {
  const quantiles = bounds.length - 1;
  for (let k = 0; k <= quantiles; k++) bounds[k] = Math.floor((k * n + quantiles - 1) / quantiles);
}
