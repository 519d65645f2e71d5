import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import { ExactAccumulator } from './ExactAccumulator.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

/**
 * Trailing mean over `window` elements ending at each t, for each of `width` adjacent series:
 * mean x[t-window+1..t], NaN unless every element of the window is finite (PROTOCOL
 * section 3, rolling windows), so NaN for t < window - 1.
 *
 * The mean is fl(S) / window, S the exact sum of the window's values: a function of the
 * window's values alone, so equal windows give bit-identical means whatever preceded them
 * (exact ties stay ties for PROTOCOL section 4's symbol order).
 *
 * O(1) per element: S is kept as an unevaluated double-double (hi + lo = S exactly), each
 * value added and each leaving value removed with Knuth's TwoSum, the rounding error going
 * into lo by a second TwoSum whose own error must be 0; then fl(hi + lo) = fl(S). When that
 * error is not 0 (S needs more than a double-double, about 106 significant bits, or the sum
 * overflowed), the series' sum is recomputed exactly from its window (ExactAccumulator) and
 * the running pair restarted from it: rare, O(window). Each run of finite values starts from
 * zero. Allocates O(width + window) state.
 */
export function rollingMean(options: RollingKernelOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window } = options;
  // Per series j: hi at 2j, lo at 2j + 1.
  const sums = new Float64Array(width * 2);
  // Position of each series' latest non-finite input; its window ending at t is complete when t - lastBad >= window.
  const lastBad = new Int32Array(width).fill(-1);
  const exact = new ExactAccumulator(window);
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    const leaving = t - window;
    const leavingRow = inputOffset + leaving * inputStride;
    for (let j = 0; j < width; j++) {
      const x = input[row + j]!;
      if (!Number.isFinite(x)) {
        lastBad[j] = t;
        sums[2 * j] = 0;
        sums[2 * j + 1] = 0;
        output[outRow + j] = Number.NaN;
        continue;
      }
      let hi = sums[2 * j]!;
      let lo = sums[2 * j + 1]!;
      // hi + x = s + e exactly, then lo + e = l + f exactly: f is what a double-double cannot hold.
      let s = hi + x;
      let z = s - hi;
      let e = hi - (s - z) + (x - z);
      let l = lo + e;
      z = l - lo;
      let lost = Math.abs(lo - (l - z) + (e - z));
      hi = s;
      lo = l;
      const bad = lastBad[j]!;
      if (leaving > bad) {
        const y = -input[leavingRow + j]!;
        s = hi + y;
        z = s - hi;
        e = hi - (s - z) + (y - z);
        l = lo + e;
        z = l - lo;
        lost += Math.abs(lo - (l - z) + (e - z));
        hi = s;
        lo = l;
      }
      if (lost !== 0) {
        // Not exact any more (or NaN after an overflow): rebuild from the run's values in the window.
        const first = Math.max(bad + 1, t - window + 1);
        exact.reset();
        for (let k = first; k <= t; k++) exact.add(input[inputOffset + k * inputStride + j]!);
        const isPair = exact.takePair(sums, 2 * j);
        output[outRow + j] = t - bad >= window ? sums[2 * j]! / window : Number.NaN;
        // A sum that no double-double holds keeps this series on the rebuild path until one does.
        if (!isPair) sums[2 * j] = Number.NaN;
        continue;
      }
      sums[2 * j] = hi;
      sums[2 * j + 1] = lo;
      output[outRow + j] = t - bad >= window ? (hi + lo) / window : Number.NaN;
    }
  }
}
