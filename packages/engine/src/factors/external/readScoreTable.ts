import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CsvHeaderError, CsvRowError, CsvSyntaxError, isWfError, ScoreTableError } from '../../errors.js';
import type { CsvRowErrorOptions } from '../../errors.js';
import { quoteText } from '../../errors/quoteText.js';
import { findHeaderColumn } from '../../data/findHeaderColumn.js';
import { parseDecimalCell } from '../../data/parseDecimalCell.js';
import { parquetCellDate, parquetCellNumber, parquetCellText } from '../../data/parquetCellDate.js';
import { parseIsoDate } from '../../data/parseIsoDate.js';
import { readParquetColumns } from '../../data/readParquetColumns.js';
import type { ScoreTable } from './ScoreTable.js';

const COLUMNS = ['date', 'symbol', 'score'] as const;

/**
 * Reads an external factor's score table (a `.parquet` file, else CSV) with the columns `date`,
 * `symbol` and `score` (any order, case-insensitive, others ignored), one row per (date,
 * symbol) in any order: the date ISO `YYYY-MM-DD` (Parquet: a DATE or a TIMESTAMP at midnight
 * UTC too), the symbol non-empty, the score a finite number of any sign or empty / null (no
 * score that day). Errors name the file (as `shown`) and its line (Parquet: its data row): a bad
 * date, symbol or score, a (date, symbol) given twice (CsvRowError); a missing column
 * (CsvHeaderError); a file that cannot be read (ScoreTableError) or decoded (CsvSyntaxError,
 * ParquetReadError). Never lenient: scores are the factor.
 */
export async function readScoreTable(options: { readonly factorId: string; readonly path: string; readonly shown: string }): Promise<{ table: ScoreTable; bytes: Buffer }> {
  const { shown } = options;
  let bytes: Buffer;
  try {
    bytes = await readFile(options.path);
  } catch (error) {
    throw new ScoreTableError({ factorId: options.factorId, path: options.path, cause: error });
  }
  const rows = new RowsBuilder(shown);
  if (path.extname(options.path).toLowerCase() === '.parquet') {
    const { nRows, columns } = await readParquetColumns({ file: shown, bytes, names: COLUMNS });
    for (let k = 0; k < nRows; k++) {
      const score = columns[2]![k];
      const value = typeof score === 'string' ? (score === '' ? Number.NaN : parseDecimalCell(score)) : parquetCellNumber(score);
      rows.add({ line: k + 1, unit: 'row', date: parquetCellDate(columns[0]![k]), dateText: parquetCellText(columns[0]![k]), symbol: columns[1]![k], score: value, scoreText: parquetCellText(score), missing: score === null || score === undefined || score === '' });
    }
  } else {
    let indexes: number[] | null = null;
    let fields = 0;
    try {
      parse(bytes, {
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (record: string[], info: { lines: number }) => {
          if (indexes === null) {
            const header = record.map((cell) => cell.trim());
            indexes = COLUMNS.map((name) => findHeaderColumn({ header, name, expected: COLUMNS, file: shown }));
            fields = header.length;
            return null;
          }
          const line = info.lines;
          if (record.length !== fields) {
            const value = record.join(',');
            rows.fail({ file: shown, line, column: null, value, problem: 'field_count', detail: `expected ${fields} fields as in the header, found ${record.length} (${quoteText(value)})` });
          }
          const dateText = record[indexes[0]!]!;
          const scoreText = record[indexes[2]!]!.trim();
          rows.add({ line, unit: 'line', date: parseIsoDate(dateText), dateText, symbol: record[indexes[1]!], score: parseDecimalCell(scoreText), scoreText, missing: scoreText === '' });
          return null;
        },
      });
    } catch (error) {
      if (isWfError(error)) throw error;
      const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
      throw new CsvSyntaxError({ file: shown, line, reason: error instanceof Error ? error.message : String(error), cause: error });
    }
    if (indexes === null) throw new CsvHeaderError({ file: shown, column: 'date', problem: 'missing_column', header: [], expected: COLUMNS });
  }
  return { table: rows.table(), bytes };
}

type ScoreRow = {
  readonly line: number;
  readonly unit: 'line' | 'row';
  /** YYYYMMDD, or NaN when not a date. */
  readonly date: number;
  readonly dateText: string;
  readonly symbol: unknown;
  /** The score, NaN when missing; undefined or non-finite (not missing) is an error. */
  readonly score: number | undefined;
  readonly scoreText: string;
  readonly missing: boolean;
};

/** Checks each row and gathers the table; a repeated (date, symbol) is an error naming the first. */
class RowsBuilder {
  readonly #file: string;
  readonly #dates: number[] = [];
  readonly #symbolIds: number[] = [];
  readonly #scores: number[] = [];
  readonly #symbols: string[] = [];
  readonly #ids = new Map<string, number>();
  /** Line of the row that gave each `date|symbolId`. */
  readonly #seen = new Map<string, number>();

  constructor(file: string) {
    this.#file = file;
  }

  fail(error: CsvRowErrorOptions): never {
    throw new CsvRowError(error);
  }

  add(row: ScoreRow): void {
    const file = this.#file;
    const { line, unit } = row;
    if (Number.isNaN(row.date)) {
      this.fail({ file, line, unit, column: 'date', value: row.dateText, problem: 'bad_date', detail: `date ${quoteText(row.dateText)} is not a valid date (expected YYYY-MM-DD)` });
    }
    const symbol = typeof row.symbol === 'string' ? row.symbol.trim() : '';
    if (symbol === '') {
      const value = row.symbol == null ? '' : String(row.symbol);
      this.fail({ file, line, unit, column: 'symbol', value, problem: 'missing_symbol', detail: `symbol ${quoteText(value)} is not a symbol (expected non-empty text)` });
    }
    const score = row.missing ? Number.NaN : row.score;
    if (!row.missing && !(score !== undefined && Number.isFinite(score))) {
      this.fail({ file, line, unit, column: 'score', value: row.scoreText, problem: 'not_a_number', detail: `score ${quoteText(row.scoreText)} is not a number` });
    }
    let id = this.#ids.get(symbol);
    if (id === undefined) {
      id = this.#symbols.length;
      this.#symbols.push(symbol);
      this.#ids.set(symbol, id);
    }
    const key = `${row.date}|${id}`;
    const first = this.#seen.get(key);
    if (first !== undefined) {
      this.fail({ file, line, unit, column: 'date', value: row.dateText, problem: 'duplicate_date', detail: `${symbol} on ${row.dateText} repeats the score of ${unit} ${first}` });
    }
    this.#seen.set(key, line);
    this.#dates.push(row.date);
    this.#symbolIds.push(id);
    this.#scores.push(score as number);
  }

  table(): ScoreTable {
    return {
      nRows: this.#dates.length,
      dates: Int32Array.from(this.#dates),
      symbolIds: Int32Array.from(this.#symbolIds),
      symbols: this.#symbols,
      scores: Float64Array.from(this.#scores),
    };
  }
}
