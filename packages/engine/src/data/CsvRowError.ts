import { WfError } from '../errors/WfError.js';

/** What is wrong with one data row (PROTOCOL section 1, "bad input is an error naming file and line"). */
export type CsvRowProblem =
  | 'not_a_number'
  | 'negative'
  | 'bad_date'
  | 'duplicate_date'
  | 'unsorted_date'
  | 'date_not_in_calendar'
  | 'field_count';

export type CsvRowErrorOptions = {
  /** File as shown to the user: `<folder name>/<file name>`, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  /** 1-based line of the row in the file. */
  readonly line: number;
  /** Offending column, or null when the whole row is wrong (`field_count`). */
  readonly column: string | null;
  /** The offending text (the whole row, comma-joined, for `field_count`). */
  readonly value: string;
  readonly problem: CsvRowProblem;
  /** What was wrong and what was expected, quoting the value; prefixed with file and line. */
  readonly detail: string;
};

/**
 * A bad row or cell in a data CSV: unparsable number, negative price or volume, bad,
 * duplicate, unsorted or off-calendar date, or a row with the wrong number of fields
 * (a truncated last row included). In lenient mode the loader turns it into a warning.
 */
export class CsvRowError extends WfError {
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  readonly value: string;
  readonly problem: CsvRowProblem;

  constructor(options: CsvRowErrorOptions) {
    super('CSV_ROW_ERROR', `${options.file} line ${options.line}: ${options.detail}`);
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.value = options.value;
    this.problem = options.problem;
  }
}
