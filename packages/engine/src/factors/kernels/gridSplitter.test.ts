import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../testing/exactReference.js';
import { chooseGrid } from './chooseGrid.js';
import { gridSplitter } from './gridSplitter.js';

/** Sums values on the grid of `splitter` as the kernels do: hi += head, lo += rest; returns fl(hi + lo). */
function sumOnGrid(values: readonly number[], splitter: number): number {
  let hi = 0;
  let lo = 0;
  for (const v of values) {
    const head = v + splitter - splitter;
    hi += head;
    lo += v - head;
  }
  return hi + lo;
}

describe('gridSplitter and chooseGrid', () => {
  it('sum any admitted values exactly: fl(hi + lo) is the correctly rounded sum (BigInt reference)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (values) => {
          const magnitudes = values.map(Math.abs);
          const out = new Float64Array(3);
          const nonZero = magnitudes.filter((m) => m !== 0);
          const admitted = chooseGrid({ largest: Math.max(...magnitudes), smallest: nonZero.length === 0 ? Infinity : Math.min(...nonZero), terms: values.length, squares: false, out, at: 0 });
          fc.pre(admitted);
          expect(out[1]).toBeGreaterThanOrEqual(Math.max(...magnitudes));
          expect(Object.is(sumOnGrid(values, out[0]!), exactSum(values))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses values that span too many binades, and bounds near the top of the range, instead of looping', () => {
    expect(gridSplitter({ maxMagnitude: 1, quantum: 1e-40, terms: 21 })).toBe(0);
    expect(gridSplitter({ maxMagnitude: 1.7e308, quantum: 1, terms: 21 })).toBe(0);
    expect(gridSplitter({ maxMagnitude: 5e-324, quantum: 0, terms: 3 })).toBe(0);
    expect(gridSplitter({ maxMagnitude: 1000, quantum: 1 * 2 ** -53, terms: 21 })).toBeGreaterThan(0);
  });
});
