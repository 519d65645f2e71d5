import { describe, expect, test } from 'vitest';
import { paramStability } from './paramStability.js';

describe('paramStability', () => {
  test('is the share of windows selecting the most often selected params', () => {
    expect(paramStability(['a=1', 'a=2', 'a=1', 'a=3'])).toBe(0.5);
    expect(paramStability(['a=1', 'a=2', 'a=3'])).toBeCloseTo(1 / 3, 15);
  });
  test('compares params as text and is 1 when every window agrees', () => {
    expect(paramStability(['x=1;y=2', 'x=1;y=2'])).toBe(1);
    expect(paramStability(['x=1.0', 'x=1'])).toBe(0.5);
  });
  test('is NaN without windows', () => {
    expect(paramStability([])).toBeNaN();
  });
});
