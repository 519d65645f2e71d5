import { checkSeriesBounds } from './checkSeriesBounds.js';
import type { SeriesKernelOptions } from './SeriesKernelOptions.js';

export type EmaOptions = SeriesKernelOptions & {
  /** The EMA's n: alpha = 2 / (span + 1); an integer >= 1. */
  readonly span: number;
};

/**
 * EMA_n of PROTOCOL section 3 (macd), for each of `width` adjacent series: alpha = 2/(n+1);
 * started at the first finite x (ema = x); updated only where x is finite,
 * ema = alpha*x + (1-alpha)*ema; carried through non-finite days; NaN until n finite values
 * have been seen (the output at a carried day counts the finite values seen so far). Same as
 * pandas `ewm(span=n, adjust=False, ignore_na=True, min_periods=n).mean()` up to rounding.
 * Allocates O(width) state.
 */
export function ema(options: EmaOptions): void {
  checkSeriesBounds(options);
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, span } = options;
  if (!Number.isInteger(span) || span < 1) throw new RangeError(`EMA span ${span} must be an integer >= 1`);
  const alpha = 2 / (span + 1);
  const beta = 1 - alpha;
  const values = new Float64Array(width);
  const seen = new Int32Array(width);
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    for (let j = 0; j < width; j++) {
      const x = input[row + j]!;
      let count = seen[j]!;
      let value = values[j]!;
      if (Number.isFinite(x)) {
        value = count === 0 ? x : alpha * x + beta * value;
        count++;
        values[j] = value;
        seen[j] = count;
      }
      output[outRow + j] = count >= span ? value : Number.NaN;
    }
  }
}
