import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSortBuffers, sortByKey, sortRowByValue } from './sortByKey.js';

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

describe('sortRowByValue', () => {
  it('is the stable order of the finite, eligible values of a row, for rows narrower and wider than the 8-bit plan', () => {
    // Rows of up to 2,048 symbols take four 8-bit passes, wider ones 11, 11 and 10 bits: both must give the reference order.
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: -5000, max: 5000 }).map((k) => 0.5 + k * 2 ** -40),
      fc.constantFrom(NaN, Infinity, -Infinity, 0, -0),
    );
    fc.assert(
      fc.property(fc.constantFrom(47, 505, 2048, 2049, 5000), fc.array(value, { minLength: 40, maxLength: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), (width, palette, seed) => {
        // A row of `width` values drawn from the palette (ties and non-finite values included), and a status mask.
        let state = seed;
        const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
        const values = new Float64Array(width + 3);
        const status = new Uint8Array(width + 3);
        for (let i = 0; i < width; i++) {
          values[3 + i] = palette[next() % palette.length] as number;
          status[3 + i] = next() % 5 === 0 ? 1 : 0;
        }
        for (const mask of [null, status]) {
          const order = new Int32Array(width + 3).fill(-1);
          const count = sortRowByValue(createSortBuffers(width), values, new Uint32Array(values.buffer), mask, 3, width, order);
          const expected = Array.from({ length: width }, (_, i) => i)
            .filter((i) => Number.isFinite(values[3 + i]) && (mask === null || mask[3 + i] === 0))
            .sort((a, b) => (values[3 + a] as number) - (values[3 + b] as number) || a - b);
          expect(count).toBe(expected.length);
          expect(Array.from(order.subarray(3, 3 + count))).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});
