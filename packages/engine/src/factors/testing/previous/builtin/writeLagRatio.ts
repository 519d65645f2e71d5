import type { FactorInputs } from '../../../FactorDefinition.js';

/**
 * out[t,i] = sign * (C[t-numeratorLag]/C[t-denominatorLag] - 1); NaN unless both closes are
 * finite and the result is finite. Shared by momentum and reversal.
 */
export function writeLagRatio(options: {
  readonly inputs: FactorInputs;
  readonly out: Float64Array;
  readonly numeratorLag: number;
  readonly denominatorLag: number;
  readonly sign: 1 | -1;
}): void {
  const { inputs, out, numeratorLag, denominatorLag, sign } = options;
  const { nDates, nSymbols, close } = inputs.panel;
  const firstDate = Math.min(nDates, Math.max(numeratorLag, denominatorLag));
  out.fill(Number.NaN, 0, firstDate * nSymbols);
  for (let t = firstDate; t < nDates; t++) {
    const row = t * nSymbols;
    const num = (t - numeratorLag) * nSymbols;
    const den = (t - denominatorLag) * nSymbols;
    for (let i = 0; i < nSymbols; i++) {
      const a = close[num + i]!;
      const b = close[den + i]!;
      const score = sign * (a / b - 1);
      out[row + i] = Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(score) ? score : Number.NaN;
    }
  }
}
