import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate } from './formatDate.js';
import { parseIsoDate } from './parseIsoDate.js';

describe('parseIsoDate', () => {
  it('turns YYYY-MM-DD into a YYYYMMDD integer', () => {
    expect(parseIsoDate('2013-02-08')).toBe(20130208);
    expect(parseIsoDate('2020-02-29')).toBe(20200229);
    expect(parseIsoDate('2000-02-29')).toBe(20000229);
    expect(parseIsoDate('0001-01-01')).toBe(10101);
  });

  it('returns NaN for anything that is not a real ISO calendar day', () => {
    for (const text of ['', '2013-2-08', '2013/02/08', '2013-02-08 ', ' 2013-02-08', '2013-00-10', '2013-13-01',
      '2013-01-00', '2013-01-32', '2019-02-29', '1900-02-29', '2013-04-31', '0000-01-01', '20130208', '2013-02-0a',
      '+013-02-08', '2013-02-08T00:00']) {
      expect(parseIsoDate(text), text).toBeNaN();
    }
  });

  it('round-trips with formatDate for every day of the calendar', () => {
    const day = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(day, (date) => {
        const iso = date.toISOString().slice(0, 10);
        const value = parseIsoDate(iso);
        expect(value).toBe(date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate());
        expect(formatDate(value)).toBe(iso);
      }),
    );
  });
});
