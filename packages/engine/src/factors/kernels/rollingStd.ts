import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

/**
 * How much larger than the centred sum of squares the squared mean offset may grow before
 * the sums are rebuilt around the window's mean. The variance's relative rounding error is
 * about eps * (1 + 2 * ratio), so 64 keeps it near 1e-14.
 */
const MAX_CANCELLATION_RATIO = 64;

/**
 * Rebuild also when the squares added and removed since the last rebuild outweigh the
 * centred sum by this much: compensated sums keep a residual of about eps^2 times that
 * traffic, which matters only after a series falls from large swings to a near-constant
 * stretch (1e12 * eps^2 is about 1e-20).
 */
const MAX_TRAFFIC_RATIO = 1e12;

const STATE_SLOTS = 8;
const CHANGES = 5;
const LAST_BAD = 6;
const TRAFFIC = 7;

/**
 * Trailing sample standard deviation (ddof 1) over `window` elements ending at each t, for
 * each of `width` adjacent series; NaN unless every element of the window is finite
 * (PROTOCOL section 3); NaN everywhere when window < 2 (no sample std of one value).
 *
 * Exactly 0 when the window is constant. Constancy is decided exactly, not by a tolerance:
 * the kernel counts the adjacent pairs (x[k-1], x[k]) inside the window that differ, and
 * the window is constant iff that count is 0. (A floating-point variance of a constant
 * window is often 1e-17 instead of 0, e.g. numpy's std of [0.1, 0.1, 0.1]; bollinger's
 * "NaN if std is 0" relies on this rule.) A non-constant window whose variance rounds to
 * <= 0 also gives 0.
 *
 * O(1) amortized per element: compensated (TwoSum) running sums S1 = sum d and S2 = sum d^2
 * of d = x - shift, where `shift` is a recent value of the series (the variance is
 * shift-invariant; a nearby shift avoids the cancellation that sums of raw squares suffer
 * on prices). variance = (S2 - S1^2/n) / (n - 1), n = window. When the series has drifted
 * so far from the shift that S1^2/n exceeds MAX_CANCELLATION_RATIO times the centred sum of
 * squares (or has fallen from large swings to a near-constant stretch, MAX_TRAFFIC_RATIO),
 * that series' sums are rebuilt exactly around its window mean (O(window), rare:
 * about every two windows on a steadily trending series). Allocates O(width) state.
 */
export function rollingStd(options: RollingKernelOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window } = options;
  const n = window;
  // Per series j, STATE_SLOTS doubles at j * STATE_SLOTS (one array: measured ~30% faster than
  // one array per field): shift, S1, its compensation, S2, its compensation, the number of
  // differing adjacent pairs inside the window, the position of the latest non-finite value,
  // the sum of the squares added and removed since the sums were last rebuilt.
  const state = new Float64Array(width * STATE_SLOTS);
  for (let j = 0; j < width; j++) state[j * STATE_SLOTS + LAST_BAD] = -1;
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    const leaving = t - n;
    const leavingRow = inputOffset + leaving * inputStride;
    for (let j = 0; j < width; j++) {
      const base = j * STATE_SLOTS;
      const x = input[row + j]!;
      if (!Number.isFinite(x)) {
        state[base + LAST_BAD] = t;
        output[outRow + j] = Number.NaN;
        continue;
      }
      const bad = state[base + LAST_BAD]!;
      let shift: number;
      let s1: number;
      let c1: number;
      let s2: number;
      let c2: number;
      let changed: number;
      let traffic: number;
      if (t === bad + 1) {
        // A run of finite values starts here: centre on its first value.
        shift = x;
        s1 = 0;
        c1 = 0;
        s2 = 0;
        c2 = 0;
        changed = 0;
        traffic = 0;
      } else {
        shift = state[base]!;
        s1 = state[base + 1]!;
        c1 = state[base + 2]!;
        s2 = state[base + 3]!;
        c2 = state[base + 4]!;
        changed = state[base + CHANGES]! + +(x !== input[row - inputStride + j]!);
        traffic = state[base + TRAFFIC]!;
      }
      // Knuth's branch-free TwoSum: c += the rounding error of each addition.
      let d = x - shift;
      let e = d * d;
      let s = s1 + d;
      let z = s - s1;
      c1 += s1 - (s - z) + (d - z);
      s1 = s;
      s = s2 + e;
      z = s - s2;
      c2 += s2 - (s - z) + (e - z);
      s2 = s;
      traffic += e;
      if (leaving > bad) {
        const y = input[leavingRow + j]!;
        changed -= +(input[leavingRow + inputStride + j]! !== y);
        // Remove exactly the rounded terms that were added for y.
        d = shift - y;
        e = -(d * d);
        s = s1 + d;
        z = s - s1;
        c1 += s1 - (s - z) + (d - z);
        s1 = s;
        s = s2 + e;
        z = s - s2;
        c2 += s2 - (s - z) + (e - z);
        s2 = s;
        traffic -= e;
      }
      let result = Number.NaN;
      if (n >= 2 && t - bad >= n) {
        if (changed === 0) {
          result = 0;
        } else {
          let sum1 = s1 + c1;
          let offsetSquares = (sum1 * sum1) / n;
          let centred = s2 + c2 - offsetSquares;
          if (offsetSquares > MAX_CANCELLATION_RATIO * centred || traffic > MAX_TRAFFIC_RATIO * centred) {
            // Rebuild this series' sums around its window mean.
            const first = inputOffset + (t - n + 1) * inputStride + j;
            let total = 0;
            let totalComp = 0;
            for (let k = 0; k < n; k++) {
              const v = input[first + k * inputStride]!;
              s = total + v;
              z = s - total;
              totalComp += total - (s - z) + (v - z);
              total = s;
            }
            shift = (total + totalComp) / n;
            s1 = 0;
            c1 = 0;
            s2 = 0;
            c2 = 0;
            traffic = 0;
            for (let k = 0; k < n; k++) {
              d = input[first + k * inputStride]! - shift;
              e = d * d;
              s = s1 + d;
              z = s - s1;
              c1 += s1 - (s - z) + (d - z);
              s1 = s;
              s = s2 + e;
              z = s - s2;
              c2 += s2 - (s - z) + (e - z);
              s2 = s;
            }
            sum1 = s1 + c1;
            offsetSquares = (sum1 * sum1) / n;
            centred = s2 + c2 - offsetSquares;
          }
          result = centred > 0 ? Math.sqrt(centred / (n - 1)) : 0;
        }
      }
      state[base] = shift;
      state[base + 1] = s1;
      state[base + 2] = c1;
      state[base + 3] = s2;
      state[base + 4] = c2;
      state[base + CHANGES] = changed;
      state[base + TRAFFIC] = traffic;
      output[outRow + j] = result;
    }
  }
}
