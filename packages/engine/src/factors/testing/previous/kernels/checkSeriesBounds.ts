import type { SeriesKernelOptions } from './SeriesKernelOptions.js';

/**
 * Throws a RangeError (a caller bug, not bad user input) when the strided views of `options`
 * do not fit their arrays, so that kernels can index without bounds surprises.
 */
export function checkSeriesBounds(options: SeriesKernelOptions): void {
  const { input, inputOffset, inputStride, output, outputOffset, outputStride, length, width } = options;
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`series length ${length} must be a non-negative integer`);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`series width ${width} must be an integer >= 1`);
  if (length === 0) return;
  checkView({ name: 'input', arrayLength: input.length, offset: inputOffset, stride: inputStride, length, width });
  checkView({ name: 'output', arrayLength: output.length, offset: outputOffset, stride: outputStride, length, width });
}

function checkView(view: { name: string; arrayLength: number; offset: number; stride: number; length: number; width: number }): void {
  const { name, arrayLength, offset, stride, length, width } = view;
  const last = offset + (length - 1) * stride + width - 1;
  const rowsOverlap = length > 1 && stride < width;
  if (!Number.isInteger(offset) || !Number.isInteger(stride) || offset < 0 || stride < 1 || rowsOverlap || last >= arrayLength) {
    throw new RangeError(
      `${name} view (offset ${offset}, stride ${stride}, length ${length}, width ${width}) does not fit an array of ${arrayLength} elements`,
    );
  }
}

/** Throws a RangeError unless `window` is an integer >= 1. */
export function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window ${window} must be an integer >= 1`);
}
