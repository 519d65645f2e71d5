import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { maxDrawdown } from './maxDrawdown.js';

describe('maxDrawdown', () => {
  test('counts losses below the initial equity of 1', () => {
    // E = 0.9, 0.945: the peak is max(1, E) = 1, not E[1]
    expect(maxDrawdown(Float64Array.from([-0.1, 0.05]))).toBeCloseTo(0.1, 15);
    expect(maxDrawdown(Float64Array.from([-0.1, -0.1]))).toBeCloseTo(0.19, 15);
  });

  test('is 0 for a rising series', () => {
    expect(maxDrawdown(Float64Array.from([0.01, 0.02]))).toBe(0);
  });

  test('matches a naive equity-curve implementation', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 200 }), (returns) => {
        let equity = 1;
        const curve = returns.map((r) => (equity *= 1 + r));
        const expected = Math.max(...curve.map((e, d) => 1 - e / Math.max(1, ...curve.slice(0, d + 1))));
        expect(maxDrawdown(Float64Array.from(returns))).toBeCloseTo(expected, 12);
      }),
    );
  });
});
