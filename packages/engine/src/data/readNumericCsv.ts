import type { LoadWarning } from './LoadedPanel.js';
import { readNumericCsvWithCsvParse } from './readNumericCsvWithCsvParse.js';
import { scanNumericCsv } from './scanNumericCsv.js';

export type ReadNumericCsvOptions = {
  /** File as shown in messages, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** Required numeric columns besides `date`, e.g. open,high,low,close,volume. Extra columns are ignored. */
  readonly columns: readonly string[];
  /**
   * The header name of `date` and of each column, in that order (`['Date', 'Open', ..., 'Adj Close', ...]`),
   * when the file names them otherwise (config `data.columns`); absent: `date` and `columns`.
   * Header names always match case-insensitively (after trimming).
   */
  readonly headerNames?: readonly string[];
  /** Turn row errors into warnings (bad cell -> NaN, bad row -> skipped). */
  readonly lenient: boolean;
  /** Lenient-mode warnings are appended here. */
  readonly warnings: LoadWarning[];
};

/** The rows of one dated CSV: strictly ascending dates and one Float64Array per requested column. */
export type NumericCsv = {
  readonly nRows: number;
  /** YYYYMMDD, strictly ascending. */
  readonly dates: Int32Array;
  /** 1-based file line of each row, for messages raised after parsing (off-calendar dates). */
  readonly lines: Int32Array;
  /** values[c][k]: column `columns[c]` of row k; NaN for an empty field. */
  readonly values: readonly Float64Array[];
};

/**
 * Reads a CSV of dated non-negative numbers (PROTOCOL section 1): header on line 1 naming
 * `date` and every requested column in any order (case-insensitively, or by `headerNames`); ISO dates strictly ascending; an empty
 * field is NaN; blank lines are skipped. Every row error is a CsvRowError naming the file
 * and line, thrown, or in lenient mode appended to `warnings` with the cell set to NaN
 * (bad number, negative) or the row skipped (bad/duplicate/unsorted date, wrong field count).
 *
 * A clean file is read by the strict scanner scanNumericCsv; any file it declines (quotes,
 * odd line ends, a row error of any kind, ...) goes through csv-parse
 * (readNumericCsvWithCsvParse), which alone raises errors and warnings. Both give the same
 * arrays on every file the scanner accepts.
 */
export function readNumericCsv(options: ReadNumericCsvOptions): NumericCsv {
  return scanNumericCsv(options) ?? readNumericCsvWithCsvParse(options);
}
