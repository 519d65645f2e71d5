import { describe, expect, test } from 'vitest';
import { populationCentralMoments } from './populationCentralMoments.js';

const f64 = (values: number[]) => Float64Array.from(values);

describe('populationCentralMoments', () => {
  test('are the divide-by-n moments of a symmetric series', () => {
    expect(populationCentralMoments(f64([1, 2, 3, 4]))).toEqual({ m2: 1.25, m3: 0, m4: 2.5625 });
  });

  test('capture skew', () => {
    // mean 1, deviations -1, -1, 2
    expect(populationCentralMoments(f64([0, 0, 3]))).toEqual({ m2: 2, m3: 2, m4: 6 });
  });

  test('are NaN for no values', () => {
    expect(populationCentralMoments(f64([])).m2).toBeNaN();
  });
});
