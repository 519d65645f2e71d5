import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

export type RollingMaxOptions = RollingKernelOptions & {
  /** Scratch of at least length x width elements; its contents are overwritten. */
  readonly prefixScratch: Float64Array;
  /** Scratch of at least length x width elements; its contents are overwritten. */
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
 * so its max is max(suffix[t-window+1], prefix[t]). Non-finite values are left out of the
 * block maxima and the window is NaN while the series' latest non-finite position lies
 * inside it. Scratch layout: [t * width + j]. Allocates O(width) state.
 */
export function rollingMax(options: RollingMaxOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window } = options;
  const { prefixScratch: prefix, suffixScratch: suffix } = options;
  if (prefix.length < length * width || suffix.length < length * width) {
    throw new RangeError(`rollingMax scratch has ${Math.min(prefix.length, suffix.length)} elements, need ${length * width}`);
  }
  const running = new Float64Array(width);
  for (let start = 0; start < length; start += window) {
    const end = Math.min(start + window, length);
    running.fill(Number.NEGATIVE_INFINITY);
    for (let t = start; t < end; t++) {
      const row = inputOffset + t * inputStride;
      for (let j = 0; j < width; j++) {
        const x = input[row + j]! + 0; // -0 as +0, so a window of zeros has one maximum
        const max = running[j]!;
        // NaN compares false; +Infinity is non-finite and must not win either.
        const next = x > max && x < Number.POSITIVE_INFINITY ? x : max;
        running[j] = next;
        prefix[t * width + j] = next;
      }
    }
    running.fill(Number.NEGATIVE_INFINITY);
    for (let t = end - 1; t >= start; t--) {
      const row = inputOffset + t * inputStride;
      for (let j = 0; j < width; j++) {
        const x = input[row + j]! + 0; // -0 as +0, so a window of zeros has one maximum
        const max = running[j]!;
        const next = x > max && x < Number.POSITIVE_INFINITY ? x : max;
        running[j] = next;
        suffix[t * width + j] = next;
      }
    }
  }
  const lastBad = new Int32Array(width).fill(-1);
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    const head = (t - window + 1) * width;
    for (let j = 0; j < width; j++) {
      if (!Number.isFinite(input[row + j]!)) lastBad[j] = t;
      if (t - lastBad[j]! < window) {
        output[outRow + j] = Number.NaN;
        continue;
      }
      const a = suffix[head + j]!;
      const b = prefix[t * width + j]!;
      output[outRow + j] = a > b ? a : b;
    }
  }
}
