import { daysInMonth } from './parseIsoDate.js';

/**
 * Formats a YYYYMMDD panel date as `YYYY-MM-DD`, the date form of every output file
 * (PROTOCOL section 9). Throws a RangeError for a value that is not a valid date (a bug).
 */
export function formatDate(yyyymmdd: number): string {
  const year = Math.floor(yyyymmdd / 10000);
  const month = Math.floor(yyyymmdd / 100) % 100;
  const day = yyyymmdd % 100;
  if (
    !Number.isInteger(yyyymmdd) ||
    year < 1 ||
    year > 9999 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    throw new RangeError(`formatDate: ${yyyymmdd} is not a YYYYMMDD date`);
  }
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
