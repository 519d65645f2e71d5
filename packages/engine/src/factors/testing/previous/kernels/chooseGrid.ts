import { gridSplitter } from './gridSplitter.js';

/** Headroom tried around a window's magnitudes, widest first: room for later values without a new grid. */
const SLACKS = [2 ** 20, 2 ** 12, 2 ** 6, 2 ** 3, 1];

export type ChooseGridOptions = {
  /** max |v| over the window's values (0 if all are 0). */
  readonly largest: number;
  /** min |v| over the window's non-zero values (Infinity if none). */
  readonly smallest: number;
  /** The most values a running sum holds at once (window + 1). */
  readonly terms: number;
  /** Also grids for the sums of fl(v^2) and of the rounding errors v^2 - fl(v^2) (rollingStd). */
  readonly squares: boolean;
  /**
   * Receives, from `at`: the splitter of v, then (squares) of fl(v^2) and of the errors, then
   * the largest and the smallest non-zero |v| the grids admit.
   */
  readonly out: Float64Array;
  readonly at: number;
};

/**
 * Grids for exact running sums of a series' values (see gridSplitter), chosen around the
 * magnitudes of its current window with as much headroom as fits, so that later values
 * need a new grid rarely. Returns false (out untouched) when no grid holds the window's own
 * values: the caller then keeps checked error-free sums (PROTOCOL section 3: exact window
 * sums either way).
 */
export function chooseGrid(options: ChooseGridOptions): boolean {
  const { terms, squares, out, at } = options;
  let { largest, smallest } = options;
  if (smallest === Number.POSITIVE_INFINITY) smallest = largest === 0 ? 1 : largest;
  if (largest === 0) largest = smallest;
  for (const slack of SLACKS) {
    const high = largest * slack;
    const low = smallest / slack;
    const plain = gridSplitter({ maxMagnitude: high, quantum: low * 2 ** -53, terms });
    if (plain === 0) continue;
    let squaresSplitter = 0;
    let errorsSplitter = 0;
    if (squares) {
      // fl(v^2) <= fl(high^2), with a quantum above low^2 * 2^-54; its error is below
      // ulp(fl(v^2))/2 <= high^2 * 2^-52 and a multiple of ulp(v)^2 >= (low * 2^-54)^2.
      squaresSplitter = gridSplitter({ maxMagnitude: high * high, quantum: low * low * 2 ** -54, terms });
      const tiny = low * 2 ** -54;
      errorsSplitter = gridSplitter({ maxMagnitude: high * high * 2 ** -52, quantum: tiny * tiny, terms });
      if (squaresSplitter === 0 || errorsSplitter === 0) continue;
    }
    out[at] = plain;
    let next = at + 1;
    if (squares) {
      out[next++] = squaresSplitter;
      out[next++] = errorsSplitter;
    }
    out[next] = high;
    out[next + 1] = low;
    return true;
  }
  return false;
}
