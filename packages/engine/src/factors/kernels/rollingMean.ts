import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

/**
 * Trailing mean over `window` elements ending at each t, for each of `width` adjacent series:
 * mean x[t-window+1..t], NaN unless every element of the window is finite (PROTOCOL
 * section 3, rolling windows), so NaN for t < window - 1.
 *
 * O(1) per element: a running sum of the current run of finite values, compensated on every
 * add and remove with Knuth's branch-free TwoSum (sum plus compensation stays within about
 * 2 ulp of the exact window sum, with a residual in eps^2, so nothing drifts over thousands
 * of dates), restarted from zero after each non-finite value. The mean is
 * (sum + compensation) / window. Allocates O(width) state.
 */
export function rollingMean(options: RollingKernelOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window } = options;
  const sums = new Float64Array(width);
  const comps = new Float64Array(width);
  // Position of each series' latest non-finite input; its window ending at t is complete when t - lastBad >= window.
  const lastBad = new Int32Array(width).fill(-1);
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    const leaving = t - window;
    const leavingRow = inputOffset + leaving * inputStride;
    for (let j = 0; j < width; j++) {
      const x = input[row + j]!;
      if (!Number.isFinite(x)) {
        lastBad[j] = t;
        sums[j] = 0;
        comps[j] = 0;
        output[outRow + j] = Number.NaN;
        continue;
      }
      let sum = sums[j]!;
      let comp = comps[j]!;
      let s = sum + x;
      let z = s - sum;
      comp += sum - (s - z) + (x - z);
      sum = s;
      const bad = lastBad[j]!;
      if (leaving > bad) {
        const y = -input[leavingRow + j]!;
        s = sum + y;
        z = s - sum;
        comp += sum - (s - z) + (y - z);
        sum = s;
      }
      sums[j] = sum;
      comps[j] = comp;
      output[outRow + j] = t - bad >= window ? (sum + comp) / window : Number.NaN;
    }
  }
}
