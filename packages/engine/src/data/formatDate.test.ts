import { describe, expect, it } from 'vitest';
import { formatDate } from './formatDate.js';

describe('formatDate', () => {
  it('writes YYYYMMDD as YYYY-MM-DD with zero padding', () => {
    expect(formatDate(20130208)).toBe('2013-02-08');
    expect(formatDate(20181231)).toBe('2018-12-31');
    expect(formatDate(10101)).toBe('0001-01-01');
  });

  it('throws a RangeError for a value that is not a date', () => {
    for (const value of [Number.NaN, 20130230, 20131301, 20130100, 2013020.5, 0, -20130208, 100000101]) {
      expect(() => formatDate(value), String(value)).toThrow(RangeError);
    }
  });
});
