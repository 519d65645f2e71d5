import { centredSquaresTimesCount } from './centredSquaresTimesCount.js';
import { checkSeriesBounds, checkWindow } from './checkSeriesBounds.js';
import { chooseGrid } from './chooseGrid.js';
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

// Per series j, STATE_SLOTS doubles at j * STATE_SLOTS (one array: measured faster than one
// array per field): S1, P and R as (hi, lo) pairs at 0..5, then:
const CHANGES = 6; // differing adjacent pairs inside the window
const LAST_BAD = 7; // position of the latest non-finite value
const SPLIT_PLAIN = 8; // grid splitters of x, fl(x^2) and the square errors (0: checked path)
const SPLIT_SQUARES = 9;
const SPLIT_ERRORS = 10;
const LARGEST = 11; // the largest and smallest non-zero |x| the grids admit
const SMALLEST = 12;
const CHECKED_STEPS = 13; // checked steps since the last grid attempt
const STATE_SLOTS = 14;

/**
 * Trailing sample standard deviation (ddof 1) over `window` elements ending at each t, for
 * each of `width` adjacent series; NaN unless every element of the window is finite
 * (PROTOCOL section 3); NaN everywhere when window < 2 (no sample std of one value).
 *
 * A function of the window's values alone: equal windows give bit-identical results whatever
 * preceded them (exact ties stay ties for PROTOCOL section 4's symbol order). The kernel
 * keeps three exact sums of the window: S1 = sum x, P = sum fl(x^2) and R = sum (x^2 -
 * fl(x^2)) (each square split exactly with Veltkamp/Dekker), so S2 = P + R = sum x^2
 * exactly, each as an unevaluated pair hi + lo, O(1) amortised per element:
 * - grid path (the usual one): values, squares and square errors split exactly on
 *   power-of-two grids chosen around the window's magnitudes (chooseGrid) and summed exactly
 *   without checks; a value outside what the grids admit makes the series choose new grids
 *   and re-sum its window (O(window), rare);
 * - checked path (a window spanning too many binades for any grid): error-free TwoSums whose
 *   low-part errors must be 0, else an exact recomputation from the window
 *   (ExactAccumulator, O(window)); after `window` checked steps the series tries grids again.
 * At each output n * sum (x - mean)^2 = n * S2 - S1^2 is evaluated from the sums' canonical
 * pairs without losing accuracy to cancellation (centredSquaresTimesCount); variance = that
 * / (n (n - 1)).
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
  const { means } = options;
  if (means !== undefined) checkSeriesBounds({ ...options, output: means.output, outputOffset: means.offset, outputStride: means.stride });
  stdLoop(options, stdState(options), 0, options.length);
}

/**
 * rollingStd one date at a time, for factors that combine rolling statistics of all symbols
 * row by row (date-major panels are then read and written in contiguous rows, and
 * intermediates need one row, not a matrix). Dates 0, 1, ... of the view, each `next` call
 * computing the next one with exactly rollingStd's operations, so bit-identical results.
 */
export class RollingStdRows {
  private readonly view: RowView;
  private readonly cursor: SeriesWindow;
  private date = 0;

  /** `output*` and `means` fields of `options` are ignored (each `next` names its destinations). */
  constructor(options: Omit<RollingKernelOptions, 'output' | 'outputOffset' | 'outputStride'>) {
    const row = new Float64Array(options.width);
    this.view = { ...options, output: row, outputOffset: 0, outputStride: 0, means: { output: row, offset: 0, stride: 0 } };
    // The input view (outputs are checked row by row).
    checkSeriesBounds({ ...options, output: options.input, outputOffset: options.inputOffset, outputStride: options.inputStride });
    checkWindow(options.window);
    this.cursor = stdState(this.view);
  }

  /**
   * Writes the stds of the next date to output[offset + j] and its means (as rollingStd's
   * `means`) to means[meansOffset + j], j < width; the two rows must not overlap.
   */
  next(output: Float64Array, offset: number, means: Float64Array, meansOffset: number): void {
    const view = this.view;
    const width = view.width;
    if (this.date >= view.length) throw new RangeError(`RollingStdRows: all ${view.length} dates were computed`);
    checkRow(output, offset, width);
    checkRow(means, meansOffset, width);
    view.output = output;
    view.outputOffset = offset;
    view.means.output = means;
    view.means.offset = meansOffset;
    stdLoop(view, this.cursor, this.date, this.date + 1);
    this.date += 1;
  }
}

function checkRow(array: Float64Array, at: number, width: number): void {
  if (!Number.isInteger(at) || at < 0 || at + width > array.length) {
    throw new RangeError(`RollingStdRows: a row of ${width} at ${at} does not fit an array of ${array.length} elements`);
  }
}

/** A view whose outputs the caller moves row by row (strides 0: every date writes at the offsets). */
type RowView = RollingStdOptions & { output: Float64Array; outputOffset: number; readonly means: { output: Float64Array; offset: number; readonly stride: number } };

function stdState(options: RollingStdOptions): SeriesWindow {
  const { input, inputStride, width, window } = options;
  const state = new Float64Array(width * STATE_SLOTS);
  for (let j = 0; j < width; j++) state[j * STATE_SLOTS + LAST_BAD] = -1;
  return { input, stride: inputStride, state, terms: window + 1, exact: new ExactAccumulator(Math.max(window, 14)), first: 0, count: 0, base: 0, x: 0, y: 0 };
}

/**
 * rollingStd's loop over dates from..to - 1, apart from the allocations: V8 embedded the objects allocated in the
 * same function in its optimised code and dropped that code at every full GC.
 */
function stdLoop(options: RollingStdOptions, cursor: SeriesWindow, from: number, to: number): void {
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, width, window, means } = options;
  const { state, exact } = cursor;
  const meanOutput = means?.output ?? null;
  const meanOffset = means?.offset ?? 0;
  const meanStride = means?.stride ?? 0;
  const n = window;
  const countTimesDdof = n * (n - 1);
  for (let t = from; t < to; t++) {
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
      const isStart = t === bad + 1;
      const isLeaving = leaving > bad;
      let changed = isStart ? 0 : state[base + CHANGES]! + +(x !== input[row - inputStride + j]!);
      if (isLeaving) changed -= +(input[leavingRow + inputStride + j]! !== input[leavingRow + j]!);
      state[base + CHANGES] = changed;
      const plain = state[base + SPLIT_PLAIN]!;
      const magnitude = Math.abs(x);
      let isPairs = true;
      if (isStart || (plain !== 0 && (magnitude > state[base + LARGEST]! || (magnitude < state[base + SMALLEST]! && magnitude !== 0)))) {
        // A run starts, or x does not fit the grids: grids around the run's values in the window.
        cursor.first = inputOffset + Math.max(bad + 1, t - n + 1) * inputStride + j;
        cursor.count = Math.min(t - bad, n);
        cursor.base = base;
        isPairs = regrid(cursor);
      } else if (plain !== 0) {
        const squares = state[base + SPLIT_SQUARES]!;
        const errors = state[base + SPLIT_ERRORS]!;
        let s1Hi = state[base]!;
        let s1Lo = state[base + 1]!;
        let pHi = state[base + 2]!;
        let pLo = state[base + 3]!;
        let rHi = state[base + 4]!;
        let rLo = state[base + 5]!;
        let head = x + plain - plain;
        s1Hi += head;
        s1Lo += x - head;
        let c = SPLITTER * x;
        let h = c - (c - x);
        let l = x - h;
        let square = x * x;
        let error = h * h - square + 2 * h * l + l * l;
        head = square + squares - squares;
        pHi += head;
        pLo += square - head;
        head = error + errors - errors;
        rHi += head;
        rLo += error - head;
        if (isLeaving) {
          const y = input[leavingRow + j]!;
          head = y + plain - plain;
          s1Hi -= head;
          s1Lo -= y - head;
          c = SPLITTER * y;
          h = c - (c - y);
          l = y - h;
          square = y * y;
          error = h * h - square + 2 * h * l + l * l;
          head = square + squares - squares;
          pHi -= head;
          pLo -= square - head;
          head = error + errors - errors;
          rHi -= head;
          rLo -= error - head;
        }
        state[base] = s1Hi;
        state[base + 1] = s1Lo;
        state[base + 2] = pHi;
        state[base + 3] = pLo;
        state[base + 4] = rHi;
        state[base + 5] = rLo;
      } else {
        cursor.first = inputOffset + Math.max(bad + 1, t - n + 1) * inputStride + j;
        cursor.count = Math.min(t - bad, n);
        cursor.base = base;
        cursor.x = x;
        cursor.y = isLeaving ? input[leavingRow + j]! : 0;
        isPairs = checkedStep(cursor);
      }
      const isFull = t - bad >= n;
      if (meanOutput !== null) {
        // fl(S1) is hi + lo for an exact pair, hi itself for a rounded one (hi + lo may then round off a tie).
        const s1 = isPairs ? state[base]! + state[base + 1]! : state[base]!;
        meanOutput[meanRow + j] = isFull ? s1 / n : Number.NaN;
      }
      let result = Number.NaN;
      if (n >= 2 && isFull) {
        if (changed === 0) {
          result = 0;
        } else {
          // Inline the common case (returns: S1^2 at most half of n * sum fl(x^2), so the
          // difference loses at most 2 bits); centredSquaresTimesCount handles the rest.
          const s1 = state[base]! + state[base + 1]!;
          const nSquares = n * (state[base + 2]! + state[base + 3]!);
          const s1Squared = s1 * s1;
          const scaled = s1Squared <= 0.5 * nSquares ? nSquares - s1Squared : centredSquaresTimesCount(state, base, n, exact);
          result = scaled > 0 ? Math.sqrt(scaled / countTimesDdof) : scaled <= 0 ? 0 : Number.NaN;
        }
      }
      output[outRow + j] = result;
      // Sums that no double-double holds keep this series rebuilding until they fit again.
      if (!isPairs) state[base] = Number.NaN;
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
 * Chooses grids around the window's values and sums S1, P and R on them (exact by
 * construction), or, when no grids hold them, puts the series on the checked path with the
 * exact pairs of its sums. Returns whether the sums are exact pairs. O(count).
 */
function regrid(options: SeriesWindow): boolean {
  const { input, first, stride, count, state, base, terms } = options;
  let largest = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (let k = 0; k < count; k++) {
    const magnitude = Math.abs(input[first + k * stride]!);
    if (magnitude > largest) largest = magnitude;
    if (magnitude < smallest && magnitude !== 0) smallest = magnitude;
  }
  state[base + CHECKED_STEPS] = 0;
  if (!chooseGrid({ largest, smallest, terms, squares: true, out: state, at: base + SPLIT_PLAIN })) {
    state[base + SPLIT_PLAIN] = 0;
    return rebuildSums(options);
  }
  const plain = state[base + SPLIT_PLAIN]!;
  const squares = state[base + SPLIT_SQUARES]!;
  const errors = state[base + SPLIT_ERRORS]!;
  state.fill(0, base, base + 6);
  for (let k = 0; k < count; k++) {
    const x = input[first + k * stride]!;
    const c = SPLITTER * x;
    const h = c - (c - x);
    const l = x - h;
    const square = x * x;
    addOnGrid(state, base, x, plain);
    addOnGrid(state, base + 2, square, squares);
    addOnGrid(state, base + 4, h * h - square + 2 * h * l + l * l, errors);
  }
  return true;
}

function addOnGrid(state: Float64Array, at: number, v: number, splitter: number): void {
  const head = v + splitter - splitter;
  state[at] = state[at]! + head;
  state[at + 1] = state[at + 1]! + (v - head);
}

/**
 * One checked step on the three sums: hi + v = s + e exactly, then lo + e = l + f exactly, f
 * being what a double-double cannot hold (adding x, then removing y when the window is full,
 * y = 0 otherwise); any non-zero f (or NaN) recomputes the sums exactly. Every `terms - 1`
 * checked steps, tries grids again. Returns whether the sums are exact pairs.
 */
function checkedStep(options: SeriesWindow): boolean {
  const { x, y, state, base, terms } = options;
  const steps = state[base + CHECKED_STEPS]! + 1;
  if (steps >= terms - 1) return regrid(options);
  state[base + CHECKED_STEPS] = steps;
  let lost = 0;
  for (let part = 0; part < 2; part++) {
    const v = part === 0 ? x : y;
    const sign = part === 0 ? 1 : -1;
    const c = SPLITTER * v;
    const h = c - (c - v);
    const l = v - h;
    const square = v * v;
    lost += addChecked(state, base, sign * v);
    lost += addChecked(state, base + 2, sign * square);
    lost += addChecked(state, base + 4, sign * (h * h - square + 2 * h * l + l * l));
  }
  return lost === 0 ? true : rebuildSums(options);
}

/** Adds v to the pair at state[at], state[at + 1] by two TwoSums; returns |the part that was lost| (0 when exact, NaN after an overflow). */
function addChecked(state: Float64Array, at: number, v: number): number {
  const hi = state[at]!;
  const lo = state[at + 1]!;
  const s = hi + v;
  let z = s - hi;
  const e = hi - (s - z) + (v - z);
  const l = lo + e;
  z = l - lo;
  state[at] = s;
  state[at + 1] = l;
  return Math.abs(lo - (l - z) + (e - z));
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
