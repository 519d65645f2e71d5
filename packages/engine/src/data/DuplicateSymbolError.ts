import { WfError } from '../errors/WfError.js';

/** Two files of one folder name the same symbol (`AAPL.csv` and `AAPL_data.csv`). */
export class DuplicateSymbolError extends WfError {
  readonly symbol: string;
  /** The two file names, as shown to the user. */
  readonly files: readonly [string, string];

  constructor(options: { readonly symbol: string; readonly files: readonly [string, string] }) {
    super(
      'DATA_DUPLICATE_SYMBOL',
      `symbol "${options.symbol}" has two files: ${options.files[0]} and ${options.files[1]} (keep one)`,
    );
    this.symbol = options.symbol;
    this.files = options.files;
  }
}
