import { describe, expect, test } from 'vitest';
import { meanCandidateSharpeVariance } from './meanCandidateSharpeVariance.js';

describe('meanCandidateSharpeVariance', () => {
  test('averages per-window ddof-1 variances of the finite values, counting thin windows as 0', () => {
    const windows = [Float64Array.from([0.1, 0.3, Number.NaN]), Float64Array.from([0.2]), Float64Array.from([Number.NaN, Number.NaN])];
    // var([0.1, 0.3], ddof 1) = 0.02; the other two windows count 0
    expect(meanCandidateSharpeVariance(windows)).toBeCloseTo(0.02 / 3, 15);
  });

  test('is NaN without windows', () => {
    expect(meanCandidateSharpeVariance([])).toBeNaN();
  });
});
