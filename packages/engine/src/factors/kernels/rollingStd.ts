import { centredSquaresTimesCount } from './centredSquaresTimesCount.js';
import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import { ExactAccumulator } from './ExactAccumulator.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

/** Veltkamp's splitter 2^27 + 1: x = hi + lo with hi and lo of at most 26 significant bits each. */
const SPLITTER = 134217729;

/** Where rollingStd also writes each window's mean: element (t, j) at output[offset + t * stride + j]. */
export type RollingMeanView = {
  readonly output: Float64Array;
  readonly offset: number;
  readonly stride: number;
};

export type RollingStdOptions = RollingKernelOptions & {
  /**
   * Optional: also write the trailing mean fl(S1) / window there (bit-identical to
   * rollingMean's, NaN where rollingMean's is), from the same exact sum S1; it must not
   * overlap the input.
   */
  readonly means?: RollingMeanView;
};

const STATE_SLOTS = 8;
const CHANGES = 6;
const LAST_BAD = 7;

/**
 * Trailing sample standard deviation (ddof 1) over `window` elements ending at each t, for
 * each of `width` adjacent series; NaN unless every element of the window is finite
 * (PROTOCOL section 3); NaN everywhere when window < 2 (no sample std of one value).
 *
 * A function of the window's values alone: equal windows give bit-identical results whatever
 * preceded them (exact ties stay ties for PROTOCOL section 4's symbol order). The kernel
 * keeps three exact sums of the window: S1 = sum x, P = sum fl(x^2) and R = sum (x^2 -
 * fl(x^2)) (each square split exactly with Veltkamp/Dekker), so S2 = P + R = sum x^2 exactly.
 * Each is an unevaluated double-double updated by error-free TwoSums (O(1) per element);
 * when a sum stops fitting a double-double (a TwoSum of the low parts is inexact: about 106
 * significant bits exceeded, or an overflow) the series' sums are recomputed exactly from its
 * window (ExactAccumulator, O(window), rare) and the running pairs restarted from them. At
 * each output the pairs are made canonical (hi = fl(S), lo = S - hi) and
 * n * sum (x - mean)^2 = n * S2 - S1^2 is evaluated from them without losing accuracy to
 * cancellation (centredSquaresTimesCount); variance = that / (n (n - 1)).
 *
 * Exactly 0 when the window is constant. Constancy is decided exactly, not by a tolerance:
 * the kernel counts the adjacent pairs (x[k-1], x[k]) inside the window that differ, and
 * the window is constant iff that count is 0. (A floating-point variance of a constant
 * window is often 1e-17 instead of 0, e.g. numpy's std of [0.1, 0.1, 0.1]; bollinger's
 * "NaN if std is 0" relies on this rule.) A non-constant window whose variance rounds to
 * <= 0 also gives 0. Valid while the squares stay finite (|x| below about 1e154).
 * Allocates O(width + window) state.
 */
export function rollingStd(options: RollingStdOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window, means } = options;
  if (means !== undefined) checkSeriesBounds({ ...options, output: means.output, outputOffset: means.offset, outputStride: means.stride });
  const meanOutput = means?.output ?? null;
  const meanOffset = means?.offset ?? 0;
  const meanStride = means?.stride ?? 0;
  const n = window;
  const countTimesDdof = n * (n - 1);
  // Per series j, STATE_SLOTS doubles at j * STATE_SLOTS (one array: measured faster than one
  // array per field): S1, P and R as (hi, lo) pairs, the number of differing adjacent pairs
  // inside the window, the position of the latest non-finite value.
  const state = new Float64Array(width * STATE_SLOTS);
  for (let j = 0; j < width; j++) state[j * STATE_SLOTS + LAST_BAD] = -1;
  const exact = new ExactAccumulator(Math.max(n, 14));
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    const meanRow = meanOffset + t * meanStride;
    const leaving = t - n;
    const leavingRow = inputOffset + leaving * inputStride;
    for (let j = 0; j < width; j++) {
      const base = j * STATE_SLOTS;
      const x = input[row + j]!;
      if (!Number.isFinite(x)) {
        state[base + LAST_BAD] = t;
        output[outRow + j] = Number.NaN;
        if (meanOutput !== null) meanOutput[meanRow + j] = Number.NaN;
        continue;
      }
      const bad = state[base + LAST_BAD]!;
      let s1Hi = 0;
      let s1Lo = 0;
      let pHi = 0;
      let pLo = 0;
      let rHi = 0;
      let rLo = 0;
      let changed = 0;
      if (t !== bad + 1) {
        // Within a run of finite values (a run starts from zero sums).
        s1Hi = state[base]!;
        s1Lo = state[base + 1]!;
        pHi = state[base + 2]!;
        pLo = state[base + 3]!;
        rHi = state[base + 4]!;
        rLo = state[base + 5]!;
        changed = state[base + CHANGES]! + +(x !== input[row - inputStride + j]!);
      }
      // Each sum: hi + v = s + e exactly, then lo + e = l + f exactly; f is what a
      // double-double cannot hold, so any non-zero f (or NaN) sends the series to a rebuild.
      let v = x;
      let s = s1Hi + v;
      let z = s - s1Hi;
      let e = s1Hi - (s - z) + (v - z);
      let l = s1Lo + e;
      z = l - s1Lo;
      let lost = Math.abs(s1Lo - (l - z) + (e - z));
      s1Hi = s;
      s1Lo = l;
      let c = SPLITTER * x;
      let head = c - (c - x);
      let tail = x - head;
      v = x * x;
      let error = head * head - v + 2 * head * tail + tail * tail;
      s = pHi + v;
      z = s - pHi;
      e = pHi - (s - z) + (v - z);
      l = pLo + e;
      z = l - pLo;
      lost += Math.abs(pLo - (l - z) + (e - z));
      pHi = s;
      pLo = l;
      s = rHi + error;
      z = s - rHi;
      e = rHi - (s - z) + (error - z);
      l = rLo + e;
      z = l - rLo;
      lost += Math.abs(rLo - (l - z) + (e - z));
      rHi = s;
      rLo = l;
      if (leaving > bad) {
        const y = input[leavingRow + j]!;
        changed -= +(input[leavingRow + inputStride + j]! !== y);
        v = -y;
        s = s1Hi + v;
        z = s - s1Hi;
        e = s1Hi - (s - z) + (v - z);
        l = s1Lo + e;
        z = l - s1Lo;
        lost += Math.abs(s1Lo - (l - z) + (e - z));
        s1Hi = s;
        s1Lo = l;
        c = SPLITTER * y;
        head = c - (c - y);
        tail = y - head;
        v = -(y * y);
        error = -(head * head + v + 2 * head * tail + tail * tail);
        s = pHi + v;
        z = s - pHi;
        e = pHi - (s - z) + (v - z);
        l = pLo + e;
        z = l - pLo;
        lost += Math.abs(pLo - (l - z) + (e - z));
        pHi = s;
        pLo = l;
        s = rHi + error;
        z = s - rHi;
        e = rHi - (s - z) + (error - z);
        l = rLo + e;
        z = l - rLo;
        lost += Math.abs(rLo - (l - z) + (e - z));
        rHi = s;
        rLo = l;
      }
      state[base + CHANGES] = changed;
      let isPairs = true;
      if (lost !== 0) {
        isPairs = rebuildSums({ input, first: inputOffset + Math.max(bad + 1, t - n + 1) * inputStride + j, stride: inputStride, count: Math.min(t - bad, n), state, base, exact });
      } else {
        state[base] = s1Hi;
        state[base + 1] = s1Lo;
        state[base + 2] = pHi;
        state[base + 3] = pLo;
        state[base + 4] = rHi;
        state[base + 5] = rLo;
      }
      const isFull = t - bad >= n;
      if (meanOutput !== null) meanOutput[meanRow + j] = isFull ? (state[base]! + state[base + 1]!) / n : Number.NaN;
      let result = Number.NaN;
      if (n >= 2 && isFull) {
        if (changed === 0) {
          result = 0;
        } else {
          const scaled = centredSquaresTimesCount(state, base, n, exact);
          result = scaled > 0 ? Math.sqrt(scaled / countTimesDdof) : scaled <= 0 ? 0 : Number.NaN;
        }
      }
      output[outRow + j] = result;
      // Sums that no double-double holds keep this series on the rebuild path until they fit again.
      if (!isPairs) state[base] = Number.NaN;
    }
  }
}

/**
 * Recomputes S1, P and R of one series exactly from `count` values at input[first + k * stride]
 * into state[base..base + 5] as their correctly rounded pairs; returns whether every pair is
 * exact (the sums fit double-doubles).
 */
function rebuildSums(options: {
  readonly input: Float64Array;
  readonly first: number;
  readonly stride: number;
  readonly count: number;
  readonly state: Float64Array;
  readonly base: number;
  readonly exact: ExactAccumulator;
}): boolean {
  const { input, first, stride, count, state, base, exact } = options;
  let isPairs = true;
  for (let part = 0; part < 3; part++) {
    exact.reset();
    for (let k = 0; k < count; k++) {
      const x = input[first + k * stride]!;
      if (part === 0) {
        exact.add(x);
      } else {
        const square = x * x;
        if (part === 1) {
          exact.add(square);
        } else {
          const c = SPLITTER * x;
          const head = c - (c - x);
          const tail = x - head;
          exact.add(head * head - square + 2 * head * tail + tail * tail);
        }
      }
    }
    if (!exact.takePair(state, base + 2 * part)) isPairs = false;
  }
  return isPairs;
}
