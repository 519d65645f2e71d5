import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import { ExactAccumulator } from './ExactAccumulator.js';
import { chooseGrid } from './chooseGrid.js';
import type { RollingKernelOptions } from './SeriesKernelOptions.js';

const STATE_SLOTS = 6;
const SPLITTER = 2;
const LARGEST = 3;
const SMALLEST = 4;
const CHECKED_STEPS = 5;

/**
 * Trailing mean over `window` elements ending at each t, for each of `width` adjacent series:
 * mean x[t-window+1..t], NaN unless every element of the window is finite (PROTOCOL
 * section 3, rolling windows), so NaN for t < window - 1.
 *
 * The mean is fl(S) / window, S the exact sum of the window's values: a function of the
 * window's values alone, so equal windows give bit-identical means whatever preceded them
 * (exact ties stay ties for PROTOCOL section 4's symbol order).
 *
 * O(1) amortised per element, S kept as an unevaluated pair hi + lo = S exactly, so
 * fl(hi + lo) = fl(S):
 * - grid path (the usual one): each value is split exactly on a power-of-two grid chosen
 *   around the window's magnitudes (chooseGrid), high parts summed in hi and low parts in lo,
 *   both exactly, without checks; a value outside the magnitudes the grid admits makes the
 *   series choose a new grid and re-sum its window (O(window), rare);
 * - checked path (a window spanning too many binades for any grid): each value added and
 *   each leaving value removed with Knuth's TwoSum, the rounding error going into lo by a
 *   second TwoSum whose own error must be 0; when it is not (S needs more than about 106
 *   significant bits, or an overflow), the sum is recomputed exactly from the window
 *   (ExactAccumulator, O(window)). After `window` checked steps the series tries a grid again.
 * Each run of finite values starts afresh. Allocates O(width + window) state.
 */
export function rollingMean(options: RollingKernelOptions): void {
  checkSeriesBounds(options);
  checkWindow(options.window);
  const { input, inputStride, width, window } = options;
  // Per series j at j * STATE_SLOTS: hi, lo, the grid's splitter (0 on the checked path), the
  // largest and smallest non-zero magnitudes it admits, checked steps since the last grid attempt.
  const state = new Float64Array(width * STATE_SLOTS);
  // Position of each series' latest non-finite input; its window ending at t is complete when t - lastBad >= window.
  const lastBad = new Int32Array(width).fill(-1);
  const cursor: SeriesWindow = { input, stride: inputStride, state, terms: window + 1, exact: new ExactAccumulator(window), first: 0, count: 0, base: 0, x: 0, y: 0 };
  meanLoop(options, lastBad, cursor);
}

/**
 * rollingMean's loop, apart from the allocations: V8 embedded the objects allocated in the
 * same function in its optimised code and dropped that code at every full GC (measured 2-4x
 * slower when collections fall between calls).
 */
function meanLoop(options: RollingKernelOptions, lastBad: Int32Array, cursor: SeriesWindow): void {
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width, window } = options;
  const state = cursor.state;
  for (let t = 0; t < length; t++) {
    const row = inputOffset + t * inputStride;
    const outRow = outputOffset + t * outputStride;
    const leaving = t - window;
    const leavingRow = inputOffset + leaving * inputStride;
    for (let j = 0; j < width; j++) {
      const x = input[row + j]!;
      if (!Number.isFinite(x)) {
        lastBad[j] = t;
        output[outRow + j] = Number.NaN;
        continue;
      }
      const base = j * STATE_SLOTS;
      const bad = lastBad[j]!;
      const splitter = state[base + SPLITTER]!;
      const magnitude = Math.abs(x);
      let sum: number;
      if (t === bad + 1 || (splitter !== 0 && (magnitude > state[base + LARGEST]! || (magnitude < state[base + SMALLEST]! && magnitude !== 0)))) {
        // A run starts, or x does not fit the grid: a grid around the run's values in the window.
        cursor.first = inputOffset + Math.max(bad + 1, t - window + 1) * inputStride + j;
        cursor.count = Math.min(t - bad, window);
        cursor.base = base;
        sum = regrid(cursor);
      } else if (splitter !== 0) {
        let hi = state[base]!;
        let lo = state[base + 1]!;
        let head = x + splitter - splitter;
        hi += head;
        lo += x - head;
        if (leaving > bad) {
          const y = input[leavingRow + j]!;
          head = y + splitter - splitter;
          hi -= head;
          lo -= y - head;
        }
        state[base] = hi;
        state[base + 1] = lo;
        sum = hi + lo;
      } else {
        cursor.first = inputOffset + Math.max(bad + 1, t - window + 1) * inputStride + j;
        cursor.count = Math.min(t - bad, window);
        cursor.base = base;
        cursor.x = x;
        cursor.y = leaving > bad ? input[leavingRow + j]! : 0;
        sum = checkedStep(cursor);
      }
      output[outRow + j] = t - bad >= window ? sum / window : Number.NaN;
    }
  }
}

/**
 * One series' window for the rare paths, a single object per kernel call whose fields the
 * loop sets before each call (no allocation per cell: an object literal there also made V8
 * drop the kernel's optimised code at every full GC, measured 2-3x slower).
 */
type SeriesWindow = {
  readonly input: Float64Array;
  readonly stride: number;
  readonly state: Float64Array;
  readonly terms: number;
  readonly exact: ExactAccumulator;
  /** Index of the first value of the run's part of the window; `count` values `stride` apart. */
  first: number;
  count: number;
  base: number;
  /** The value added and the value removed (0 while the window is not full): checkedStep only. */
  x: number;
  y: number;
};

/**
 * Chooses a grid around the window's values and sums them on it (exact by construction), or,
 * when no grid holds them, puts the series on the checked path with the exact pair of its
 * sum. Returns fl(S). O(count).
 */
function regrid(options: SeriesWindow): number {
  const { input, first, stride, count, state, base, terms } = options;
  let largest = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (let k = 0; k < count; k++) {
    const magnitude = Math.abs(input[first + k * stride]!);
    if (magnitude > largest) largest = magnitude;
    if (magnitude < smallest && magnitude !== 0) smallest = magnitude;
  }
  state[base + CHECKED_STEPS] = 0;
  if (!chooseGrid({ largest, smallest, terms, squares: false, out: state, at: base + SPLITTER })) {
    state[base + SPLITTER] = 0;
    return rebuildExactly(options);
  }
  const splitter = state[base + SPLITTER]!;
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < count; k++) {
    const v = input[first + k * stride]!;
    const head = v + splitter - splitter;
    hi += head;
    lo += v - head;
  }
  state[base] = hi;
  state[base + 1] = lo;
  return hi + lo;
}

/** The exact pair of the window's sum into the state (NaN hi when no pair holds it, so the next step rebuilds again); returns fl(S). */
function rebuildExactly(options: SeriesWindow): number {
  const { input, first, stride, count, state, base, exact } = options;
  exact.reset();
  for (let k = 0; k < count; k++) exact.add(input[first + k * stride]!);
  const isPair = exact.takePair(state, base);
  const sum = state[base]!;
  if (!isPair) state[base] = Number.NaN;
  return sum;
}

/**
 * One checked step: hi + x = s + e exactly, then lo + e = l + f exactly, f being what a
 * double-double cannot hold (likewise for removing y when the window is full, y = 0 otherwise);
 * any non-zero f (or NaN) rebuilds exactly. Every `terms - 1` checked steps, tries a grid again.
 * Returns fl(S).
 */
function checkedStep(options: SeriesWindow): number {
  const { x, y, state, base, terms } = options;
  const steps = state[base + CHECKED_STEPS]! + 1;
  if (steps >= terms - 1) return regrid(options);
  state[base + CHECKED_STEPS] = steps;
  let hi = state[base]!;
  let lo = state[base + 1]!;
  let s = hi + x;
  let z = s - hi;
  let e = hi - (s - z) + (x - z);
  let l = lo + e;
  z = l - lo;
  let lost = Math.abs(lo - (l - z) + (e - z));
  hi = s;
  lo = l;
  const v = -y;
  s = hi + v;
  z = s - hi;
  e = hi - (s - z) + (v - z);
  l = lo + e;
  z = l - lo;
  lost += Math.abs(lo - (l - z) + (e - z));
  if (lost !== 0) return rebuildExactly(options);
  state[base] = s;
  state[base + 1] = l;
  return s + l;
}
