import { describe, expect, test } from 'vitest';
import { annualizedReturn, totalReturn } from './totalReturn.js';

describe('totalReturn', () => {
  test('compounds daily returns', () => {
    expect(totalReturn(Float64Array.from([0.1, -0.5]))).toBeCloseTo(-0.45, 15);
  });

  test('is 0 for no days', () => {
    expect(totalReturn(new Float64Array(0))).toBe(0);
  });
});

describe('annualizedReturn', () => {
  test('scales the growth to 252 days', () => {
    // 126 days: (1.21)^2 - 1
    expect(annualizedReturn(0.21, 126)).toBeCloseTo(0.4641, 14);
  });

  test('is NaN for no days', () => {
    expect(annualizedReturn(0, 0)).toBeNaN();
  });
});
