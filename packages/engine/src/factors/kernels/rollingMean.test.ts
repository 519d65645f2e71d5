import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactRollingMean } from '../testing/exactReference.js';
import { maxRelativeError } from '../testing/maxRelativeError.js';
import { naiveRollingMean } from '../testing/naiveRolling.js';
import { roundSeries } from '../testing/roundSeries.js';
import { runOnBlock, runOnSeries, type BlockLayout } from '../testing/runOnBlock.js';
import { positiveSeries, positiveValue, seriesBlock, signedIntegerSeries } from '../testing/seriesArbitraries.js';
import { historiesThenSharedWindow, historyOf, sameTail, wideValue } from '../testing/sharedWindowArbitraries.js';
import { rollingMean } from './rollingMean.js';

const run = (values: readonly number[], window: number, layout?: BlockLayout): number[] =>
  runOnSeries((view) => rollingMean({ ...view, window }), values, layout);

describe('rollingMean', () => {
  it('averages the trailing window and is NaN until the window is full', () => {
    expect(run([1, 2, 3, 4, 6], 3)).toEqual([NaN, NaN, 2, 3, 13 / 3]);
  });

  it('is NaN while a non-finite value is inside the window, then recovers', () => {
    expect(run([1, 2, NaN, 4, 5, 6, Infinity, 8], 2)).toEqual([NaN, 1.5, NaN, NaN, 4.5, 5.5, NaN, NaN]);
  });

  it('with window 1 returns the finite inputs themselves', () => {
    expect(run([3, NaN, -2.5], 1)).toEqual([3, NaN, -2.5]);
  });

  it('reads and writes a strided column of a date-major panel', () => {
    expect(roundSeries(run([10, 20, 30, NaN, 50, 60, 70], 2, { offset: 2, stride: 5, filler: 1e300 }))).toEqual([
      NaN, 15, 25, NaN, NaN, 55, 65,
    ]);
  });

  it('advances adjacent series independently, each with its own gaps', () => {
    const run2 = runOnBlock((view) => rollingMean({ ...view, window: 2 }), [[1, 2, 3, 4], [NaN, 10, 20, 40], [5, 5, NaN, 5]], { offset: 1, stride: 4, filler: 9 });
    expect(run2.strayWrites).toBe(0);
    expect(run2.outputs).toEqual([[NaN, 1.5, 2.5, 3.5], [NaN, NaN, 15, 30], [NaN, 5, NaN, NaN]]);
  });

  it('matches a naive recomputation on positive series with gaps (relative 1e-12)', () => {
    fc.assert(
      fc.property(positiveSeries, fc.integer({ min: 1, max: 30 }), (values, window) => {
        expect(maxRelativeError(run(values, window), naiveRollingMean(values, window))).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the naive mean on every series of a block (relative 1e-12)', () => {
    fc.assert(
      fc.property(seriesBlock(positiveValue), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 3 }), (series, window, pad) => {
        const block = runOnBlock((view) => rollingMean({ ...view, window }), series, { offset: pad, stride: series.length + pad, filler: -3 });
        expect(block.strayWrites).toBe(0);
        series.forEach((values, j) => {
          expect(maxRelativeError(block.outputs[j]!, naiveRollingMean(values, window))).toBeLessThanOrEqual(1e-12);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('is exact on integer-valued series of both signs', () => {
    fc.assert(
      fc.property(signedIntegerSeries, fc.integer({ min: 1, max: 12 }), (values, window) => {
        expect(run(values, window)).toEqual(naiveRollingMean(values, window));
      }),
      { numRuns: 300 },
    );
  });

  it('does not drift over a long series of widely ranging values', () => {
    const values = Array.from({ length: 5000 }, (_, t) => (t % 97 === 0 ? 1e9 : 1 + ((t * 7919) % 1000) / 1000));
    expect(maxRelativeError(run(values, 50).slice(-60), naiveRollingMean(values, 50).slice(-60))).toBeLessThanOrEqual(1e-13);
  });

  it('is the exact window sum rounded once, divided by the window (BigInt reference), for any magnitudes and history', () => {
    fc.assert(
      fc.property(historyOf(wideValue), fc.integer({ min: 1, max: 25 }), (values, window) => {
        expect(run(values, window)).toEqual(exactRollingMean(values, window));
      }),
      { numRuns: 300 },
    );
  });

  it('gives bit-identical means for equal windows whatever preceded them (huge, tiny, constant windows)', () => {
    fc.assert(
      fc.property(historiesThenSharedWindow({ value: wideValue, minWindow: 1, maxWindow: 30 }), ({ window, histories, shared }) => {
        const a = run([...histories[0], ...shared], window);
        const b = run([...histories[1], ...shared], window);
        expect(sameTail(a, b, shared.length - window + 1)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("keeps a price window's mean after a history of huge and tiny values (grid rebuilt, checked path, exact rebuild)", () => {
    const window = [101.37, 99.12, 100.05, 98.76, 102.33];
    const plain = run([5, 7, ...window], 5);
    const afterHuge = run([1e100, -3e-200, 2e300, NaN, 1e-300, 7e50, 4, ...window], 5);
    expect(Object.is(afterHuge.at(-1), plain.at(-1))).toBe(true);
    expect(plain.at(-1)).toBe(exactRollingMean(window, 5)[4]);
  });
});
