import type { Panel } from './Panel.js';

/**
 * Daily close-to-close returns of PROTOCOL section 1, date-major like the panel:
 * `r[t * N + i] = C[t]/C[t-1] - 1`, NaN when either close is not a finite positive
 * number; the first row (t = 0) is NaN. Computed once per panel and shared by factors.
 */
export function computeReturns(panel: Panel): Float64Array {
  const n = panel.nSymbols;
  const close = panel.close;
  const out = new Float64Array(panel.nDates * n);
  out.fill(Number.NaN, 0, Math.min(n, out.length));
  for (let cell = n; cell < out.length; cell++) {
    const current = close[cell]!;
    const previous = close[cell - n]!;
    // Comparisons with NaN are false, so this also rejects NaN and the infinities.
    out[cell] =
      current > 0 && current < Infinity && previous > 0 && previous < Infinity ? current / previous - 1 : Number.NaN;
  }
  return out;
}
