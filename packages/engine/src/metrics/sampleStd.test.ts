import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sampleStd, sampleVariance } from './sampleStd.js';

const f64 = (values: number[]) => Float64Array.from(values);

function naiveSampleVariance(values: number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, x) => a + (x - m) ** 2, 0) / (values.length - 1);
}

describe('sampleVariance and sampleStd', () => {
  test('divide by n - 1', () => {
    // deviations from 2.5: -1.5, -0.5, 0.5, 1.5; squares sum to 5
    expect(sampleVariance(f64([1, 2, 3, 4]))).toBeCloseTo(5 / 3, 15);
    expect(sampleStd(f64([1, 2, 3, 4]))).toBeCloseTo(Math.sqrt(5 / 3), 15);
  });

  test('are NaN below two values', () => {
    expect(sampleVariance(f64([3]))).toBeNaN();
    expect(sampleStd(f64([]))).toBeNaN();
  });

  test('are exactly 0 for a constant series whose mean is inexact', () => {
    expect(sampleVariance(f64([0.1, 0.1, 0.1]))).toBe(0);
  });

  test('propagate NaN', () => {
    expect(sampleVariance(f64([0.1, Number.NaN]))).toBeNaN();
    expect(sampleVariance(f64([Number.NaN, Number.NaN]))).toBeNaN();
  });

  test('match a naive two-pass variance within 1e-9 relative, up to rounding of the squares', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 300 }), (values) => {
        const expected = naiveSampleVariance(values);
        const actual = sampleVariance(f64(values));
        // Both sides round each square at about 1e-16 of the mean square: a variance far below
        // the mean square (nearly equal values) is only known to that absolute precision.
        const meanSquare = values.reduce((sum, x) => sum + x * x, 0) / values.length;
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-13 * meanSquare + 1e-300);
      }),
      { numRuns: 500 },
    );
  });
});
