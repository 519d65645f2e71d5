import fc from 'fast-check';
import { EMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { maxRelativeError } from '../testing/maxRelativeError.js';
import { naiveEma } from '../testing/naiveRolling.js';
import { roundSeries } from '../testing/roundSeries.js';
import { positiveSeries } from '../testing/seriesArbitraries.js';
import { runOnBlock, runOnSeries, type BlockLayout } from '../testing/runOnBlock.js';
import { ema } from './ema.js';

const run = (values: readonly number[], span: number, layout?: BlockLayout): number[] =>
  runOnSeries((view) => ema({ ...view, span }), values, layout);

describe('ema (PROTOCOL section 3 EMA_n)', () => {
  it('seeds at the first finite value and is NaN until n finite values were seen', () => {
    // span 3: alpha 1/2. Seeds 4 at t=1; 6 -> 5; 9 -> 7 (third value: first output).
    expect(run([NaN, 4, 6, 9, 3], 3)).toEqual([NaN, NaN, NaN, 7, 5]);
  });

  it('carries the last value through missing days without counting them', () => {
    // span 2: alpha 2/3. 3 (seed), 6 -> 5, gap keeps 5, 8 -> 7, gap, 1 -> 3.
    expect(roundSeries(run([3, 6, NaN, 8, NaN, 1], 2))).toEqual([NaN, 5, 5, 7, 7, 3]);
  });

  it('counts only finite values towards n, so a gap delays the first output', () => {
    // span 3: values 2, gap, 4 (-> 3), gap, 7 (-> 5) is the third finite value.
    expect(run([2, NaN, 4, NaN, 7, NaN], 3)).toEqual([NaN, NaN, NaN, NaN, 5, 5]);
  });

  it('with span 1 follows the finite inputs and carries over gaps', () => {
    expect(run([NaN, 2, NaN, -3], 1)).toEqual([NaN, 2, 2, -3]);
  });

  it('reads and writes a strided column of a date-major panel', () => {
    expect(run([1, 3, NaN, 5], 3, { offset: 2, stride: 3, filler: 1e300 })).toEqual([NaN, NaN, NaN, 3.5]);
  });

  it('advances adjacent series independently', () => {
    const block = runOnBlock((view) => ema({ ...view, span: 2 }), [[3, 6, NaN, 8], [NaN, 1, 4, NaN]], { offset: 0, stride: 3, filler: 0 });
    expect(block.strayWrites).toBe(0);
    expect(roundSeries(block.outputs[0]!)).toEqual([NaN, 5, 5, 7]);
    expect(block.outputs[1]).toEqual([NaN, NaN, 3, 3]);
  });

  it('matches the protocol text applied literally on random series with gaps', () => {
    fc.assert(
      fc.property(positiveSeries, fc.integer({ min: 1, max: 30 }), (values, span) => {
        expect(run(values, span)).toEqual(naiveEma(values, span));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with trading-signals EMA on gap-free series once n values were seen (relative 1e-12)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (values, span) => {
        const reference = new EMA(span);
        const expected = values.map((x) => {
          reference.update(x, false);
          return reference.isStable ? reference.getResultOrThrow() : Number.NaN;
        });
        expect(maxRelativeError(run(values, span), expected)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 200 },
    );
  });
});
