import { WfError } from '../errors/WfError.js';

/** A data CSV that is not valid CSV (e.g. a quote never closed); the parser's error is the cause. */
export class CsvSyntaxError extends WfError {
  /** File as shown to the user, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  /** 1-based line where the parser stopped. */
  readonly line: number;

  constructor(options: { readonly file: string; readonly line: number; readonly reason: string; readonly cause: unknown }) {
    super('CSV_SYNTAX', `${options.file} line ${options.line}: not valid CSV: ${options.reason}`, {
      cause: options.cause,
    });
    this.file = options.file;
    this.line = options.line;
  }
}
