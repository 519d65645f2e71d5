import type { Panel } from './Panel.js';

/**
 * Daily close-to-close returns of PROTOCOL section 1, date-major like the panel:
 * `r[t * N + i] = C[t]/C[t-1] - 1`, NaN when either close is not a finite positive
 * number; the first row (t = 0) is NaN. Computed once per panel and shared by factors.
 * Written into `out` when given (nDates * nSymbols cells, e.g. in shared memory), else
 * into a new array; returns the array written.
 */
export function computeReturns(panel: Panel, out: Float64Array = new Float64Array(panel.nDates * panel.nSymbols)): Float64Array {
  const n = panel.nSymbols;
  const close = panel.close;
  if (out.length !== panel.nDates * n) throw new RangeError(`computeReturns: out has ${out.length} cells, expected ${panel.nDates * n}`);
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
