import { CsvRowError } from '../errors.js';
import type { CsvRowErrorOptions } from '../errors.js';
import type { LoadWarning } from './LoadedPanel.js';

/** The fields of a long table row, in order: date, symbol, then the panel's price fields. */
export const LONG_TABLE_FIELDS = ['date', 'symbol', 'open', 'high', 'low', 'close', 'volume'] as const;

/** What a reader of one long table file (readLongCsv, readLongParquet) is given. */
export type ReadLongTableFileOptions = {
  /** File as shown in messages, e.g. `prices_long/2015.csv`. */
  readonly file: string;
  /** Index of the file among the table's files (rows remember it). */
  readonly fileId: number;
  readonly bytes: Uint8Array;
  /** Header names of LONG_TABLE_FIELDS (date, symbol, open, high, low, close, volume), matched case-insensitively. */
  readonly headerNames: readonly string[];
  readonly rows: LongTableRows;
};

/**
 * The rows of a long table (PROTOCOL section 1 data as `date,symbol,open,high,low,close,volume`
 * rows, in any order), gathered from its files before they are placed in the panel: one entry
 * per row with its date, symbol, file, line and the five price values. Symbols are interned.
 * A row error goes through `reject`: thrown, or in lenient mode a warning.
 */
export class LongTableRows {
  dates = new Int32Array(0);
  symbolIds = new Int32Array(0);
  fileIds = new Int32Array(0);
  lines = new Int32Array(0);
  /** values[c][k]: price field c (open, high, low, close, volume) of row k; NaN when empty or bad. */
  values: Float64Array[] = [0, 1, 2, 3, 4].map(() => new Float64Array(0));
  /** Symbols in order of first appearance. */
  readonly symbols: string[] = [];
  readonly warnings: LoadWarning[] = [];
  #length = 0;
  readonly #symbolIds = new Map<string, number>();
  readonly #lenient: boolean;

  constructor(options: { readonly lenient: boolean }) {
    this.#lenient = options.lenient;
  }

  get length(): number {
    return this.#length;
  }

  /** Makes room for `more` rows beyond the current ones (a hint: push grows as needed). */
  reserve(more: number): void {
    const needed = this.#length + more;
    if (needed <= this.dates.length) return;
    const grow = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(needed);
      bigger.set(array.subarray(0, this.#length));
      return bigger;
    };
    this.dates = grow(this.dates, (n) => new Int32Array(n));
    this.symbolIds = grow(this.symbolIds, (n) => new Int32Array(n));
    this.fileIds = grow(this.fileIds, (n) => new Int32Array(n));
    this.lines = grow(this.lines, (n) => new Int32Array(n));
    this.values = this.values.map((column) => grow(column, (n) => new Float64Array(n)));
  }

  /** Appends one row with NaN values (set them through `values[c][row]`); returns its index. */
  push(date: number, symbol: string, fileId: number, line: number): number {
    let id = this.#symbolIds.get(symbol);
    if (id === undefined) {
      id = this.symbols.length;
      this.symbols.push(symbol);
      this.#symbolIds.set(symbol, id);
    }
    if (this.#length === this.dates.length) this.reserve(Math.max(1024, this.#length));
    const row = this.#length++;
    this.dates[row] = date;
    this.symbolIds[row] = id;
    this.fileIds[row] = fileId;
    this.lines[row] = line;
    for (let c = 0; c < 5; c++) this.values[c]![row] = Number.NaN;
    return row;
  }

  /** A row error: thrown (strict), or kept as a warning saying what was done (`row skipped`, `cell set to NaN`). */
  reject(error: CsvRowErrorOptions, action: string): void {
    const rowError = new CsvRowError(error);
    if (!this.#lenient) throw rowError;
    this.warnings.push({ file: error.file, line: error.line, message: `${rowError.message}; ${action}` });
  }
}
