import { describe, expect, test } from 'vitest';
import { finiteValues } from './finiteValues.js';

describe('finiteValues', () => {
  test('keeps finite entries in order', () => {
    expect(Array.from(finiteValues(Float64Array.from([1, Number.NaN, -2, Infinity, 3])))).toEqual([1, -2, 3]);
  });

  test('returns a copy when every entry is finite', () => {
    const values = Float64Array.from([1, 2]);
    const copy = finiteValues(values);
    copy[0] = 9;
    expect(values[0]).toBe(1);
  });
});
