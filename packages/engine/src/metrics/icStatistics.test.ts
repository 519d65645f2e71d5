import { describe, expect, test } from 'vitest';
import { icStatistics } from './icStatistics.js';

describe('icStatistics', () => {
  test('counts only finite ICs', () => {
    const stats = icStatistics(Float64Array.from([Number.NaN, 0.2, 0.4, Number.NaN]));
    expect(stats.count).toBe(2);
    expect(stats.meanIc).toBeCloseTo(0.3, 15);
    // deviations +-0.1: variance 0.02
    expect(stats.icStd).toBeCloseTo(Math.sqrt(0.02), 15);
    expect(stats.icTstat).toBeCloseTo((0.3 / Math.sqrt(0.02)) * Math.sqrt(2), 13);
  });
});
