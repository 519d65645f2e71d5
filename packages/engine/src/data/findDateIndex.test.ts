import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDateIndex } from './findDateIndex.js';

describe('findDateIndex', () => {
  const dates = Int32Array.from([20200102, 20200103, 20200106, 20200107]);

  it('finds the calendar position of each date', () => {
    expect(findDateIndex({ dates }, 20200102)).toBe(0);
    expect(findDateIndex({ dates }, 20200106)).toBe(2);
    expect(findDateIndex({ dates }, 20200107)).toBe(3);
  });

  it('returns -1 for a date off the calendar', () => {
    expect(findDateIndex({ dates }, 20200101)).toBe(-1);
    expect(findDateIndex({ dates }, 20200104)).toBe(-1);
    expect(findDateIndex({ dates }, 20200108)).toBe(-1);
    expect(findDateIndex({ dates: new Int32Array(0) }, 20200102)).toBe(-1);
  });

  it('agrees with a linear search on any ascending calendar', () => {
    const calendar = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }).map((values) => {
      const sorted = Int32Array.from(values);
      sorted.sort();
      return sorted;
    });
    fc.assert(
      fc.property(calendar, fc.integer({ min: -1, max: 401 }), (sorted, probe) => {
        expect(findDateIndex({ dates: sorted }, probe)).toBe(sorted.indexOf(probe));
      }),
    );
  });
});
