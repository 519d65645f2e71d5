import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

export type RollingMaxOptions = RollingKernelOptions & {
  /** Scratch of at least `width` elements (none when length is 0): the running block maxima; its contents are overwritten. */
  readonly prefixScratch: Float64Array;
  /** Scratch of at least min(window, length) x width elements (one block's suffix maxima); its contents are overwritten. */
  readonly suffixScratch: Float64Array;
};

/**
 * Trailing maximum over `window` elements ending at each t, for each of `width` adjacent
 * series; NaN unless every element of the window is finite (PROTOCOL section 3; high_52w's
 * max H). Exact (comparisons only), so a function of the window's values alone (-0 counts as
 * +0: a window of zeros has the maximum +0 whatever the order of its signs).
 *
 * O(1) per element, branch-light (van Herk / Gil-Werman): cut the dates into blocks of
 * `window`; prefix[t] is the max from t's block start to t, suffix[t] the max from t to its
 * block end; a window [t-window+1, t] spans the tail of one block and the head of the next,
 * so its max is max(suffix[t-window+1], prefix[t]) (the block's own max when t ends a block).
 * So block by block, date by date over all series (contiguous rows of a date-major panel):
 * a forward pass keeps the running prefix and writes the outputs from the previous block's
 * suffix maxima, then a backward pass overwrites those with this block's. Non-finite values
 * are left out of the block maxima and the window is NaN while the series' latest non-finite
 * position lies inside it. Suffix scratch layout: [(t - blockStart) * width + j]. Allocates
 * O(width) state.
 */
export function rollingMax(options: RollingMaxOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { length, width, window, prefixScratch, suffixScratch } = options;
  const rows = Math.min(window, length);
  const prefixCells = rows === 0 ? 0 : width;
  if (prefixScratch.length < prefixCells || suffixScratch.length < rows * width) {
    throw new RangeError(
      `rollingMax scratch has ${prefixScratch.length} and ${suffixScratch.length} elements, need ${prefixCells} and ${rows * width} (min(window, length) x width)`,
    );
  }
  maxLoop(options, new Int32Array(width).fill(-1));
}

/** rollingMax's loop, apart from its allocation (see rollingMean's meanLoop). */
function maxLoop(options: RollingMaxOptions, lastBad: Int32Array): void {
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window } = options;
  const { prefixScratch: prefix, suffixScratch: suffix } = options;
  for (let start = 0; start < length; start += window) {
    const end = Math.min(start + window, length);
    prefix.fill(Number.NEGATIVE_INFINITY, 0, width);
    for (let t = start; t < end; t++) {
      const row = inputOffset + t * inputStride;
      const outRow = outputOffset + t * outputStride;
      // The window's head t - window + 1 lies at offset t - start + 1 of the previous block, or
      // is this block's start when t ends a full block (the window is the block: max = prefix).
      const endsBlock = t - start === window - 1;
      const head = (t - start + 1) * width;
      for (let j = 0; j < width; j++) {
        const value = input[row + j]!;
        if (!Number.isFinite(value)) lastBad[j] = t;
        const x = value + 0; // -0 as +0, so a window of zeros has one maximum
        const max = prefix[j]!;
        // NaN compares false; +Infinity is non-finite and must not win either.
        const next = x > max && x < Number.POSITIVE_INFINITY ? x : max;
        prefix[j] = next;
        if (t - lastBad[j]! < window) {
          output[outRow + j] = Number.NaN;
        } else if (endsBlock) {
          output[outRow + j] = next;
        } else {
          const a = suffix[head + j]!;
          output[outRow + j] = a > next ? a : next;
        }
      }
    }
    prefix.fill(Number.NEGATIVE_INFINITY, 0, width);
    for (let t = end - 1; t >= start; t--) {
      const row = inputOffset + t * inputStride;
      const at = (t - start) * width;
      for (let j = 0; j < width; j++) {
        const x = input[row + j]! + 0;
        const max = prefix[j]!;
        const next = x > max && x < Number.POSITIVE_INFINITY ? x : max;
        prefix[j] = next;
        suffix[at + j] = next;
      }
    }
  }
}
