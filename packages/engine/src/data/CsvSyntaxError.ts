import { quoteText } from '../errors/quoteText.js';
import { WfError } from '../errors/WfError.js';

/**
 * A data CSV that is not valid CSV (e.g. a quote never closed); the parser's error is the
 * cause. csv-parse's reason can quote the input, so it is kept to one line of bounded length.
 */
export class CsvSyntaxError extends WfError {
  /** File as shown to the user, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  /** 1-based line where the parser stopped. */
  readonly line: number;

  constructor(options: { readonly file: string; readonly line: number; readonly reason: string; readonly cause: unknown }) {
    super('CSV_SYNTAX', `${options.file} line ${options.line}: not valid CSV: ${boundedReason(options.reason)}`, {
      cause: options.cause,
    });
    this.file = options.file;
    this.line = options.line;
  }
}

/** The parser's reason on one line, at most 200 characters (it may quote a huge field). */
function boundedReason(reason: string): string {
  const flat = reason.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 199)}… (${flat.length} characters)` : flat;
}
