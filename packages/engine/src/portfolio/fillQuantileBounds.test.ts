import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillQuantileBounds } from './fillQuantileBounds.js';

describe('fillQuantileBounds', () => {
  it('splits 5 names in 2 quantiles as 3 + 2 and 10 in 5 as 2 each', () => {
    const two = new Int32Array(3);
    fillQuantileBounds(two, 5);
    expect(Array.from(two)).toEqual([0, 3, 5]);
    const five = new Int32Array(6);
    fillQuantileBounds(five, 10);
    expect(Array.from(five)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('agrees with q = floor(p*Q/n) + 1 for every position, and no quantile is empty when n >= Q', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 400 }), (quantiles, extra) => {
        const n = quantiles + extra;
        const bounds = new Int32Array(quantiles + 1);
        fillQuantileBounds(bounds, n);
        expect(bounds[0]).toBe(0);
        expect(bounds[quantiles]).toBe(n);
        for (let q = 1; q <= quantiles; q++) {
          expect(bounds[q]).toBeGreaterThan(bounds[q - 1] as number);
          for (let p = bounds[q - 1] as number; p < (bounds[q] as number); p++) {
            expect(Math.floor((p * quantiles) / n) + 1).toBe(q);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
