import { parseIsoDate } from './parseIsoDate.js';

/**
 * The YYYYMMDD date of a Parquet cell: a DATE (or a TIMESTAMP at midnight UTC) or an ISO
 * `YYYY-MM-DD` string; NaN for anything else (a time of day, a number, null).
 */
export function parquetCellDate(value: unknown): number {
  if (typeof value === 'string') return parseIsoDate(value);
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return Number.NaN;
  if (value.getUTCHours() !== 0 || value.getUTCMinutes() !== 0 || value.getUTCSeconds() !== 0 || value.getUTCMilliseconds() !== 0) return Number.NaN;
  const year = value.getUTCFullYear();
  if (year < 1 || year > 9999) return Number.NaN;
  return year * 10000 + (value.getUTCMonth() + 1) * 100 + value.getUTCDate();
}

/** A Parquet cell as text for messages. */
export function parquetCellText(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return String(value);
}

/**
 * The number of a Parquet cell (PROTOCOL section 1 values): a number or bigint as is, a string
 * by the CSV rule (parseDecimalCell is applied by the caller), null or undefined NaN (a missing
 * value); anything else undefined (not a number).
 */
export function parquetCellNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return Number.NaN;
  return undefined;
}
