import { quoteText } from '../errors/quoteText.js';
import { WfError } from '../errors/WfError.js';

/**
 * A data CSV whose header (line 1) lacks a required column or names one twice
 * (PROTOCOL section 1, "missing column"). Never downgraded to a warning.
 */
export class CsvHeaderError extends WfError {
  /** File as shown to the user, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  readonly column: string;
  readonly problem: 'missing_column' | 'duplicate_column';
  /** The header cells as read. */
  readonly header: readonly string[];

  constructor(options: {
    readonly file: string;
    readonly column: string;
    readonly problem: 'missing_column' | 'duplicate_column';
    readonly header: readonly string[];
    readonly expected: readonly string[];
  }) {
    const shown = options.header.length === 0 ? 'the file is empty' : `header ${quoteText(options.header.join(','))}`;
    const what =
      options.problem === 'missing_column'
        ? `missing column ${quoteText(options.column)}`
        : `column ${quoteText(options.column)} appears more than once`;
    super(
      options.problem === 'missing_column' ? 'CSV_MISSING_COLUMN' : 'CSV_DUPLICATE_COLUMN',
      `${options.file} line 1: ${what} (${shown}; expected columns ${options.expected.join(',')})`,
    );
    this.file = options.file;
    this.column = options.column;
    this.problem = options.problem;
    this.header = options.header;
  }
}
