import { describe, expect, test } from 'vitest';
import { compensatedSum, mean } from './mean.js';

const f64 = (values: number[]) => Float64Array.from(values);

describe('mean', () => {
  test('is the arithmetic mean', () => {
    expect(mean(f64([1, 2, 3, 4]))).toBe(2.5);
  });

  test('is NaN for an empty array', () => {
    expect(mean(f64([]))).toBeNaN();
  });

  test('keeps the low-order bits a naive sum loses', () => {
    expect(compensatedSum(f64([1e16, 1, -1e16]))).toBe(1);
  });
});
