/**
 * A kernel's view of `width` adjacent series inside larger arrays, such as a block of
 * symbols' columns of a date-major panel: element t of series j is
 * `input[inputOffset + t * inputStride + j]` and its result goes to
 * `output[outputOffset + t * outputStride + j]` (j < width <= each stride). Kernels advance
 * all `width` series together, date by date: their running sums are independent chains the
 * CPU overlaps, and every access walks contiguous rows. The output must not overlap the
 * input (kernels read earlier inputs after writing earlier outputs).
 */
export type SeriesKernelOptions = {
  readonly input: Float64Array;
  readonly inputOffset: number;
  readonly inputStride: number;
  readonly output: Float64Array;
  readonly outputOffset: number;
  readonly outputStride: number;
  /** Number of elements (calendar dates) per series. */
  readonly length: number;
  /** Number of adjacent series, an integer >= 1 (1 for a single series). */
  readonly width: number;
};

/** A trailing window of `window` elements ending at (and including) each position. */
export type RollingKernelOptions = SeriesKernelOptions & {
  /** Window length in elements, an integer >= 1. */
  readonly window: number;
};
