import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSortBuffers, sortByKey } from './sortByKey.js';

describe('sortByKey', () => {
  it('sorts by key and keeps the input order of equal keys', () => {
    const buffers = createSortBuffers(8);
    buffers.keys.set([2, 1, 2, 1, 0, -0]);
    buffers.index.set([10, 11, 12, 13, 14, 15]);
    sortByKey(buffers, 6);
    expect(Array.from(buffers.index.subarray(0, 6))).toEqual([14, 15, 11, 13, 10, 12]);
    expect(Array.from(buffers.keys.subarray(0, 6))).toEqual([0, -0, 1, 1, 2, 2]);
  });

  it('leaves pairs past n untouched', () => {
    const buffers = createSortBuffers(4);
    buffers.keys.set([3, 2, 1, 0]);
    buffers.index.set([0, 1, 2, 3]);
    sortByKey(buffers, 2);
    expect(Array.from(buffers.index)).toEqual([1, 0, 2, 3]);
  });

  it('rejects more pairs than its capacity', () => {
    expect(() => sortByKey(createSortBuffers(3), 4)).toThrow(RangeError);
  });

  it('is the stable sort by key for any finite keys, including the merge-sort fallback', () => {
    // 2^k spacing forces every bucket level to peel off only a few keys (the fallback path).
    const key = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -2, max: 2 }), fc.integer({ min: -200, max: 200 }).map((k) => 2 ** k));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 700 }), (keys) => {
        const buffers = createSortBuffers(keys.length);
        buffers.keys.set(keys);
        for (let k = 0; k < keys.length; k++) buffers.index[k] = k;
        sortByKey(buffers, keys.length);
        const expected = keys.map((_, k) => k).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
        expect(Array.from(buffers.index)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('orders keys that share their high 32 bits by the whole key, and mixes signs, zeros and infinities', () => {
    // 1 + k * 2^-40: equal high words, different low words (the insertion pass after the radix passes).
    const clustered = fc.integer({ min: -5000, max: 5000 }).map((k) => 1 + k * 2 ** -40);
    const special = fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1);
    const key = fc.oneof(clustered, special, fc.double({ noNaN: true }), clustered.map((v) => -v));
    fc.assert(
      fc.property(fc.array(key, { minLength: 40, maxLength: 3000 }), (keys) => {
        const buffers = createSortBuffers(keys.length + 5);
        buffers.keys.set(keys);
        for (let k = 0; k < keys.length; k++) buffers.index[k] = 100 + k;
        sortByKey(buffers, keys.length);
        const expected = keys.map((_, k) => k).sort((a, b) => {
          const x = keys[a] as number;
          const y = keys[b] as number;
          return x < y ? -1 : x > y ? 1 : a - b;
        });
        expect(Array.from(buffers.index.subarray(0, keys.length))).toEqual(expected.map((k) => 100 + k));
        expect(Array.from(buffers.keys.subarray(0, keys.length)).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(
          expected.map((k) => (Object.is(keys[k], -0) ? '-0' : keys[k])),
        );
      }),
      { numRuns: 200 },
    );
  });
});
