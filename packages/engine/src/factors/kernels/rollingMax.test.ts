import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveRollingMax } from '../testing/naiveRolling.js';
import { runOnBlock, runOnSeries, type BlockLayout } from '../testing/runOnBlock.js';
import { positiveSeries, positiveValue, seriesBlock, signedIntegerSeries } from '../testing/seriesArbitraries.js';
import { historiesThenSharedWindow, sameTail, wideValue } from '../testing/sharedWindowArbitraries.js';
import { rollingMax } from './rollingMax.js';
import type { SeriesKernelOptions } from './SeriesKernelOptions.js';

function maxKernel(window: number): (view: SeriesKernelOptions) => void {
  return (view) => {
    const cells = view.length * view.width;
    rollingMax({ ...view, window, prefixScratch: new Float64Array(cells).fill(-5), suffixScratch: new Float64Array(cells).fill(-5) });
  };
}

const run = (values: readonly number[], window: number, layout?: BlockLayout): number[] => runOnSeries(maxKernel(window), values, layout);

describe('rollingMax', () => {
  it('is the maximum of the trailing window, NaN until it is full', () => {
    expect(run([3, 1, 2, 5, 4, 4, 1, 0], 3)).toEqual([NaN, NaN, 3, 5, 5, 5, 4, 4]);
  });

  it('is NaN while a non-finite value is inside the window, even when it is not the largest', () => {
    expect(run([9, 1, NaN, 2, 3, 1, Infinity, 5, 4], 2)).toEqual([NaN, 9, NaN, NaN, 3, 3, NaN, NaN, 5]);
  });

  it('reads and writes a strided column of a date-major panel', () => {
    expect(run([1, 4, 2, NaN, 7, 3], 2, { offset: 3, stride: 7, filler: 1e300 })).toEqual([NaN, 4, 4, NaN, NaN, 7]);
  });

  it('rejects scratch smaller than width (prefix) or min(window, length) x width (suffix)', () => {
    const view = { input: new Float64Array(8), inputOffset: 0, inputStride: 2, output: new Float64Array(8), outputOffset: 0, outputStride: 2, length: 4, width: 2 };
    expect(() => rollingMax({ ...view, window: 2, prefixScratch: new Float64Array(2), suffixScratch: new Float64Array(3) })).toThrow(RangeError);
    expect(() => rollingMax({ ...view, window: 2, prefixScratch: new Float64Array(1), suffixScratch: new Float64Array(4) })).toThrow(RangeError);
    expect(() => rollingMax({ ...view, window: 9, prefixScratch: new Float64Array(2), suffixScratch: new Float64Array(7) })).toThrow(RangeError);
    expect(() => rollingMax({ ...view, window: 9, prefixScratch: new Float64Array(2), suffixScratch: new Float64Array(8) })).not.toThrow();
  });

  it('equals a naive maximum on random series with gaps', () => {
    fc.assert(
      fc.property(fc.oneof(positiveSeries, signedIntegerSeries), fc.integer({ min: 1, max: 30 }), (values, window) => {
        expect(run(values, window)).toEqual(naiveRollingMax(values, window));
      }),
      { numRuns: 400 },
    );
  });

  it('equals a naive maximum on every series of a block', () => {
    fc.assert(
      fc.property(seriesBlock(positiveValue), fc.integer({ min: 1, max: 20 }), (series, window) => {
        const block = runOnBlock(maxKernel(window), series, { offset: 2, stride: series.length + 1, filler: 1e300 });
        expect(block.strayWrites).toBe(0);
        expect(block.outputs).toEqual(series.map((values) => naiveRollingMax(values, window)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives bit-identical maxima for equal windows whatever preceded them (zeros of both signs included)', () => {
    fc.assert(
      fc.property(historiesThenSharedWindow({ value: wideValue, minWindow: 1, maxWindow: 30 }), ({ window, histories, shared }) => {
        const a = run([...histories[0], ...shared], window);
        const b = run([...histories[1], ...shared], window);
        expect(sameTail(a, b, shared.length - window + 1)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
