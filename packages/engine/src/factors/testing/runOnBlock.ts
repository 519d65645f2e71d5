import type { SeriesKernelOptions } from '../kernels/SeriesKernelOptions.js';

/** Where a test places a block of series: element (t, j) at offset + t*stride + j; everything else holds `filler`. */
export type BlockLayout = { readonly offset: number; readonly stride: number; readonly filler: number };

export type BlockRun = {
  /** Each series' output, in input order. */
  readonly outputs: number[][];
  /** Output cells outside the block that the kernel changed (should be 0). */
  readonly strayWrites: number;
};

/**
 * Test helper: lays out `series` (equal lengths) as adjacent columns of a larger array, runs
 * `kernel` on them (width = series.length) and reads the results back from an output array
 * laid out the same way.
 */
export function runOnBlock(kernel: (view: SeriesKernelOptions) => void, series: readonly (readonly number[])[], layout: BlockLayout): BlockRun {
  const width = series.length;
  const length = series[0]?.length ?? 0;
  const size = layout.offset + Math.max(length, 1) * layout.stride + width;
  const input = new Float64Array(size).fill(layout.filler);
  const outFiller = -layout.filler - 1;
  const output = new Float64Array(size).fill(outFiller);
  series.forEach((values, j) => values.forEach((x, t) => (input[layout.offset + t * layout.stride + j] = x)));
  kernel({ input, inputOffset: layout.offset, inputStride: layout.stride, output, outputOffset: layout.offset, outputStride: layout.stride, length, width });
  const outputs = series.map((_, j) => Array.from({ length }, (__, t) => output[layout.offset + t * layout.stride + j]!));
  let strayWrites = 0;
  output.forEach((x, k) => {
    const rel = k - layout.offset;
    const inBlock = rel >= 0 && rel % layout.stride < width && Math.floor(rel / layout.stride) < length;
    if (!inBlock && !Object.is(x, outFiller)) strayWrites++;
  });
  return { outputs, strayWrites };
}

/** Test helper: the single-series run of `kernel` on `values`, contiguous, checking for stray writes. */
export function runOnSeries(kernel: (view: SeriesKernelOptions) => void, values: readonly number[], layout?: BlockLayout): number[] {
  const run = runOnBlock(kernel, [values], layout ?? { offset: 0, stride: 1, filler: -7 });
  if (run.strayWrites !== 0) throw new Error(`kernel wrote ${run.strayWrites} cells outside its series`);
  return run.outputs[0]!;
}
