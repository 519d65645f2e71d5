import { CsvRowError } from '../errors.js';
import { headerNamesOf } from './ColumnMapping.js';
import { formatDate } from './formatDate.js';
import type { LoadWarning } from './LoadedPanel.js';
import type { DataFile, DataSources } from './listDataSources.js';
import { panelOf } from './Panel.js';
import type { Panel } from './Panel.js';
import type { ParsedCsvFiles } from './parseCsvFiles.js';
import { readNumericCsv } from './readNumericCsv.js';
import type { NumericCsv } from './readNumericCsv.js';

/** Price columns in the order of the panel fields. */
export const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** The header names of `date` and the price columns in the price files, or undefined when they are the protocol's (no `data.columns`). */
export function priceHeaderNames(sources: DataSources): string[] | undefined {
  return sources.columns === null ? undefined : headerNamesOf(['date', ...PRICE_COLUMNS], sources.columns);
}

export type BuildPanelOptions = {
  readonly sources: DataSources;
  /** Bytes of each file of `sources`, by DataFile key. */
  readonly bytes: ReadonlyMap<string, Uint8Array>;
  readonly lenient: boolean;
  /**
   * The price files already parsed (parseCsvFiles with PRICE_COLUMNS and the same `lenient`,
   * aligned with `sources.prices`); absent: they are parsed here. Consumed: each file's
   * entry of `csvs` is dropped once its rows are placed, so the parsed files and the panel
   * are not both whole in memory.
   */
  readonly prices?: ParsedCsvFiles;
  /**
   * The price fields already placed (placeRowsInParallel) for the calendar `dates`, the union
   * of the dates of `prices` (no calendar file); `prices` still gives the warnings.
   */
  readonly placed?: { readonly dates: Int32Array; readonly fields: Float64Array[] };
};

/**
 * Parses the input files into the panel of PROTOCOL section 1: calendar = the given
 * calendar file or the sorted union of the price dates; a missing row or empty field is
 * NaN; a row dated off a given calendar is a row error. Warnings (lenient mode only) are
 * ordered by file, then line.
 */
export function buildPanel(options: BuildPanelOptions): { panel: Panel; warnings: LoadWarning[] } {
  const { sources, lenient } = options;
  const warnings: LoadWarning[] = [];
  const read = (file: DataFile, columns: readonly string[], headerNames?: readonly string[]): NumericCsv => {
    const bytes = options.bytes.get(file.key);
    if (bytes === undefined) throw new Error(`buildPanel: no bytes for ${file.key}`);
    return readNumericCsv({ file: file.display, bytes, columns, lenient, warnings, ...(headerNames === undefined ? {} : { headerNames }) });
  };

  let prices: (NumericCsv | null)[];
  if (options.prices === undefined) {
    const headerNames = priceHeaderNames(sources);
    prices = sources.prices.map((file) => read(file, PRICE_COLUMNS, headerNames));
  } else {
    prices = options.prices.csvs as (NumericCsv | null)[];
    for (const warning of options.prices.warnings) warnings.push(warning);
  }
  const placed = sources.calendar === null ? options.placed : undefined;
  const dates = placed?.dates ?? (sources.calendar === null ? unionOfDates(prices as NumericCsv[]) : read(sources.calendar, []).dates.slice());
  const nDates = dates.length;
  const nSymbols = sources.symbols.length;
  const calendarName = sources.calendar?.display ?? null;
  let fields: Float64Array[];
  if (placed !== undefined) {
    fields = placed.fields;
  } else if (calendarName === null) {
    // Every row's date is in the union: no row error, every cell written once.
    fields = PRICE_COLUMNS.map(() => new Float64Array(nDates * nSymbols));
    placeEveryRow({ csvs: prices, calendar: dates, targets: fields });
  } else {
    fields = PRICE_COLUMNS.map(() => new Float64Array(nDates * nSymbols).fill(Number.NaN));
    for (let i = 0; i < nSymbols; i++) {
      const file = sources.prices[i]!;
      placeRows({ csv: prices[i]!, file: file.display, calendar: dates, calendarName, symbolIndex: i, nSymbols, targets: fields, lenient, warnings });
      prices[i] = null;
    }
  }

  let marketCap: Float64Array | null = null;
  if (sources.marketCaps !== null) {
    marketCap = new Float64Array(nDates * nSymbols).fill(Number.NaN);
    for (let i = 0; i < nSymbols; i++) {
      const file = sources.marketCaps[i];
      if (file == null) continue;
      const csv = read(file, ['market_cap']);
      placeRows({ csv, file: file.display, calendar: dates, calendarName, symbolIndex: i, nSymbols, targets: [marketCap], lenient, warnings });
    }
  }

  warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { panel: panelOf(sources.symbols, dates, fields, marketCap), warnings };
}

/**
 * Sorted distinct dates of all files. The dates are YYYYMMDD numbers: when their span is
 * not much larger than the rows (any real calendar), a mark per number in the span replaces
 * sorting every row's date (25 M rows for 5,000 symbols x 5,000 days).
 */
export function unionOfDates(files: readonly NumericCsv[]): Int32Array {
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const file of files) {
    total += file.nRows;
    for (let k = 0; k < file.nRows; k++) {
      const date = file.dates[k]!;
      if (date < min) min = date;
      if (date > max) max = date;
    }
  }
  if (total === 0) return new Int32Array(0);
  const span = max - min + 1;
  if (span > 4 * total + 1_000_000) return sortedDistinct(files, total);
  const seen = new Uint8Array(span);
  for (const file of files) {
    for (let k = 0; k < file.nRows; k++) seen[file.dates[k]! - min] = 1;
  }
  let distinct = 0;
  for (let d = 0; d < span; d++) distinct += seen[d]!;
  const dates = new Int32Array(distinct);
  let next = 0;
  for (let d = 0; d < span; d++) if (seen[d] === 1) dates[next++] = min + d;
  return dates;
}

function sortedDistinct(files: readonly NumericCsv[], total: number): Int32Array {
  const all = new Int32Array(total);
  let offset = 0;
  for (const file of files) {
    all.set(file.dates.subarray(0, file.nRows), offset);
    offset += file.nRows;
  }
  all.sort();
  let distinct = 0;
  for (let k = 0; k < total; k++) {
    if (distinct === 0 || all[k] !== all[distinct - 1]) all[distinct++] = all[k]!;
  }
  return all.slice(0, distinct);
}

/** Symbols placed together by placeEveryRow: each calendar date's cells of a block are one run of 1 KB per field, and the pages read and written at a time stay few (a TLB miss costs much in a virtual machine). */
const PLACE_BLOCK = 128;

export type PlaceEveryRowOptions = {
  /** Rows of the symbols `first`, `first + 1`, ..., in symbol order; consumed (each entry set to null once placed). */
  readonly csvs: (NumericCsv | null)[];
  /** Index of the symbol of `csvs[0]` (default 0). */
  readonly first?: number;
  /** Symbols of the panel (default csvs.length). */
  readonly nSymbols?: number;
  /** Holds every date of every file. */
  readonly calendar: Int32Array;
  /** One panel field per csv column, not yet written in these symbols' cells (every one is). */
  readonly targets: readonly Float64Array[];
};

/**
 * Writes every symbol's rows into its panel column, and NaN into every other cell, for a
 * calendar holding every row's date. A symbol's rows are a column of the date-major panel
 * (one cell per calendar row, nSymbols cells apart): placed one symbol at a time, every write
 * would land on another cache line and page. Here a block of symbols is walked date by date,
 * so each date's cells of the block are written as one run.
 */
export function placeEveryRow(options: PlaceEveryRowOptions): void {
  const { csvs, calendar, targets } = options;
  const count = csvs.length;
  const offset = options.first ?? 0;
  const nSymbols = options.nSymbols ?? count;
  const nDates = calendar.length;
  const nFields = targets.length;
  const cursor = new Int32Array(PLACE_BLOCK);
  const rowCount = new Int32Array(PLACE_BLOCK);
  for (let first = 0; first < count; first += PLACE_BLOCK) {
    const width = Math.min(PLACE_BLOCK, count - first);
    const blockDates: Int32Array[] = [];
    const blockValues: Float64Array[][] = targets.map(() => []);
    for (let s = 0; s < width; s++) {
      const csv = csvs[first + s]!;
      blockDates.push(csv.dates);
      for (let c = 0; c < nFields; c++) blockValues[c]!.push(csv.values[c]!);
      rowCount[s] = csv.nRows;
      cursor[s] = 0;
      csvs[first + s] = null;
    }
    for (let t = 0; t < nDates; t++) {
      const date = calendar[t]!;
      const cell = t * nSymbols + offset + first;
      for (let s = 0; s < width; s++) {
        const k = cursor[s]!;
        if (k < rowCount[s]! && blockDates[s]![k] === date) {
          for (let c = 0; c < nFields; c++) targets[c]![cell + s] = blockValues[c]![s]![k]!;
          cursor[s] = k + 1;
        } else {
          for (let c = 0; c < nFields; c++) targets[c]![cell + s] = Number.NaN;
        }
      }
    }
  }
}

type PlaceRowsOptions = {
  readonly csv: NumericCsv;
  readonly file: string;
  readonly calendar: Int32Array;
  /** Calendar file name when a calendar file was given, else null (the calendar is the price dates). */
  readonly calendarName: string | null;
  readonly symbolIndex: number;
  readonly nSymbols: number;
  /** One panel field per csv column. */
  readonly targets: readonly Float64Array[];
  readonly lenient: boolean;
  readonly warnings: LoadWarning[];
};

/** Writes a symbol's rows into its panel column (both date lists ascend, so one merge pass). */
function placeRows(options: PlaceRowsOptions): void {
  const { csv, calendar, targets, nSymbols } = options;
  const nDates = calendar.length;
  let t = 0;
  for (let k = 0; k < csv.nRows; k++) {
    const date = csv.dates[k]!;
    while (t < nDates && calendar[t]! < date) t++;
    if (t === nDates || calendar[t] !== date) {
      const value = formatDate(date);
      const error = new CsvRowError({
        file: options.file,
        line: csv.lines[k]!,
        column: 'date',
        value,
        problem: 'date_not_in_calendar',
        detail:
          options.calendarName === null
            ? `date "${value}" is not a date of any price file`
            : `date "${value}" is not in the calendar ${options.calendarName}`,
      });
      if (!options.lenient) throw error;
      options.warnings.push({ file: options.file, line: error.line, message: `${error.message}; row skipped` });
      continue;
    }
    const cell = t * nSymbols + options.symbolIndex;
    for (let c = 0; c < targets.length; c++) targets[c]![cell] = csv.values[c]![k]!;
  }
}
