import { describe, expect, test } from 'vitest';
import { annualizedSharpe, dailySharpe } from './dailySharpe.js';

const f64 = (values: number[]) => Float64Array.from(values);

describe('dailySharpe', () => {
  test('is mean over sample std, unannualized', () => {
    // mean 0.02, std sqrt(0.0002)
    expect(dailySharpe(f64([0.01, 0.03]))).toBeCloseTo(0.02 / Math.sqrt(0.0002), 12);
  });

  test('is NaN below two days or with zero std', () => {
    expect(dailySharpe(f64([0.01]))).toBeNaN();
    expect(dailySharpe(f64([0.001, 0.001, 0.001]))).toBeNaN();
  });
});

describe('annualizedSharpe', () => {
  test('scales the daily Sharpe by sqrt(252)', () => {
    expect(annualizedSharpe(f64([0.01, 0.03]))).toBeCloseTo((0.02 / Math.sqrt(0.0002)) * Math.sqrt(252), 11);
  });
});
