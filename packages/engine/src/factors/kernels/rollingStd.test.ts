import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactRollingStd } from '../testing/exactReference.js';
import { maxRelativeError } from '../testing/maxRelativeError.js';
import { naiveRollingStd } from '../testing/naiveRolling.js';
import { roundSeries } from '../testing/roundSeries.js';
import { runOnBlock, runOnSeries, type BlockLayout } from '../testing/runOnBlock.js';
import { positiveSeries, positiveValue, pricePathSeries, seriesBlock, signedIntegerSeries } from '../testing/seriesArbitraries.js';
import { historiesThenSharedWindow, historyOf, sameTail, wideValue } from '../testing/sharedWindowArbitraries.js';
import { rollingMean } from './rollingMean.js';
import { rollingStd } from './rollingStd.js';

const run = (values: readonly number[], window: number, layout?: BlockLayout): number[] =>
  runOnSeries((view) => rollingStd({ ...view, window }), values, layout);

describe('rollingStd', () => {
  it('is the sample std (ddof 1) of the trailing window, NaN until it is full', () => {
    // {1,2,3}: var 1; {2,3,5}: mean 10/3, var (16+1+25)/9/2 = 7/3; {3,5,5}: var (16+4+4)/9/2 = 4/3
    expect(roundSeries(run([1, 2, 3, 5, 5], 3))).toEqual(roundSeries([NaN, NaN, 1, Math.sqrt(7 / 3), Math.sqrt(4 / 3)]));
  });

  it('is NaN while a non-finite value is inside the window', () => {
    expect(roundSeries(run([1, 3, NaN, 2, 4, 8, -Infinity, 1, 2], 2))).toEqual(
      roundSeries([NaN, Math.SQRT2, NaN, NaN, Math.SQRT2, 2 * Math.SQRT2, NaN, NaN, Math.SQRT1_2]),
    );
  });

  it('is exactly 0 on a constant window even where two-pass arithmetic leaves about 1e-17', () => {
    const twoPass = (xs: number[]): number => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
    };
    expect(twoPass([0.1, 0.1, 0.1])).toBeGreaterThan(0);
    const got = run([0.3, 0.1, 0.1, 0.1, 0.1], 3);
    expect(got[2]).toBeGreaterThan(0);
    expect(Object.is(got[3], 0)).toBe(true);
    expect(Object.is(got[4], 0)).toBe(true);
  });

  it('is NaN everywhere for a window of 1 (no sample std of one value)', () => {
    expect(run([1, 2, 3], 1)).toEqual([NaN, NaN, NaN]);
  });

  it('reads and writes a strided column of a date-major panel', () => {
    expect(roundSeries(run([2, 4, 4, NaN, 1, 1, 3], 2, { offset: 1, stride: 4, filler: 1e300 }))).toEqual(
      roundSeries([NaN, Math.SQRT2, 0, NaN, NaN, 0, Math.SQRT2]),
    );
  });

  it('matches the corrected two-pass std on positive series with gaps (relative 1e-12)', () => {
    fc.assert(
      fc.property(positiveSeries, fc.integer({ min: 2, max: 30 }), (values, window) => {
        expect(maxRelativeError(run(values, window), naiveRollingStd(values, window))).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the corrected two-pass std on price paths with flat stretches (relative 1e-12)', () => {
    fc.assert(
      fc.property(pricePathSeries, fc.integer({ min: 2, max: 40 }), (values, window) => {
        expect(maxRelativeError(run(values, window), naiveRollingStd(values, window))).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('matches on integer series of both signs, constant windows giving exactly 0', () => {
    fc.assert(
      fc.property(signedIntegerSeries, fc.integer({ min: 2, max: 12 }), (values, window) => {
        expect(maxRelativeError(run(values, window), naiveRollingStd(values, window))).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the naive std on every series of a block (relative 1e-12)', () => {
    fc.assert(
      fc.property(seriesBlock(positiveValue), fc.integer({ min: 2, max: 20 }), fc.integer({ min: 0, max: 3 }), (series, window, pad) => {
        const block = runOnBlock((view) => rollingStd({ ...view, window }), series, { offset: pad, stride: series.length + pad, filler: -3 });
        expect(block.strayWrites).toBe(0);
        series.forEach((values, j) => {
          expect(maxRelativeError(block.outputs[j]!, naiveRollingStd(values, window))).toBeLessThanOrEqual(1e-12);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('stays accurate on a near-constant stretch right after large swings', () => {
    // Found by fast-check: window {0.001, 0.0010000000000000007} (std 4.6e-19) two days after a jump to 0.0038.
    const values = [0.001, 0.001, 0.001, 0.001, 0.001, NaN, NaN, 0.0010000000000000024, ...Array<number>(15).fill(0.001),
      0.0010000000205795184, 0.003762135864009954, 0.001, 0.0010000000000000007, NaN, 0.001];
    expect(maxRelativeError(run(values, 2), naiveRollingStd(values, 2))).toBeLessThanOrEqual(1e-12);
  });

  it('stays accurate when a small spread sits on a large, drifting level', () => {
    // Prices near 1e4 rising 1 a day with a spread of +-0.01: raw sums of squares would lose ~8 digits.
    const values = Array.from({ length: 600 }, (_, t) => 10_000 + t + ((t * 37) % 3) * 0.01);
    expect(maxRelativeError(run(values, 20), naiveRollingStd(values, 20))).toBeLessThanOrEqual(1e-12);
    const flat = Array.from({ length: 600 }, (_, t) => (t < 300 ? 1 : 5000 + ((t * 37) % 3) * 1e-6));
    expect(maxRelativeError(run(flat, 20), naiveRollingStd(flat, 20))).toBeLessThanOrEqual(1e-12);
  });

  it('is within 1e-14 of the std from the exact centred sum of squares (BigInt reference), for any magnitudes and history', () => {
    fc.assert(
      fc.property(historyOf(wideValue), fc.integer({ min: 2, max: 25 }), (values, window) => {
        expect(maxRelativeError(run(values, window), exactRollingStd(values, window))).toBeLessThanOrEqual(1e-14);
      }),
      { numRuns: 300 },
    );
  });

  it('gives bit-identical stds for equal windows whatever preceded them (huge, tiny, constant, near-constant windows)', () => {
    fc.assert(
      fc.property(historiesThenSharedWindow({ value: wideValue, minWindow: 2, maxWindow: 30 }), ({ window, histories, shared }) => {
        const a = run([...histories[0], ...shared], window);
        const b = run([...histories[1], ...shared], window);
        expect(sameTail(a, b, shared.length - window + 1)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('gives bit-identical stds for equal price windows after different price paths', () => {
    fc.assert(
      fc.property(pricePathSeries, pricePathSeries, fc.integer({ min: 2, max: 40 }), (first, second, window) => {
        const shared = second.slice(-window - 3);
        fc.pre(shared.length >= window && shared.every(Number.isFinite));
        const a = run([...first, ...shared], window);
        const b = run(shared, window);
        expect(sameTail(a, b, shared.length - window + 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('writes on request the window means of rollingMean, bit for bit', () => {
    fc.assert(
      fc.property(historyOf(wideValue), fc.integer({ min: 2, max: 25 }), (values, window) => {
        const means = runOnSeries(
          (view) => rollingStd({ ...view, window, output: new Float64Array(view.output.length), means: { output: view.output, offset: view.outputOffset, stride: view.outputStride } }),
          values,
        );
        expect(means).toEqual(runOnSeries((view) => rollingMean({ ...view, window }), values));
      }),
      { numRuns: 200 },
    );
  });
});
