import { stringify } from 'csv-stringify/sync';

/**
 * CSV text of rows (each an array of already formatted fields), one `\n`-terminated line
 * per row. csv-stringify quotes a field only when it holds a comma, quote or line break,
 * so the protocol's plain fields are written as they are (PROTOCOL section 9).
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  return stringify(rows as string[][], { record_delimiter: 'unix' });
}

/** A protocol number (PROTOCOL section 9): shortest round-trip form, NaN as an empty field. */
export function formatNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}
