import { findDateIndex } from './findDateIndex.js';
import { formatDate } from './formatDate.js';
import { headerNamesOf } from './ColumnMapping.js';
import type { LoadWarning } from './LoadedPanel.js';
import type { DataSources } from './listDataSources.js';
import { LONG_TABLE_FIELDS, LongTableRows } from './LongTableRows.js';
import { panelOf } from './Panel.js';
import type { Panel } from './Panel.js';
import { readLongCsv } from './readLongCsv.js';
import { readLongParquet } from './readLongParquet.js';
import { readNumericCsv } from './readNumericCsv.js';
import { unionOfDates } from './buildPanel.js';
import { compareCodePoints } from '../util/compareCodePoints.js';

export type BuildPanelFromLongTableOptions = {
  /** Sources with a long table (`sources.table`). */
  readonly sources: DataSources;
  /** Bytes of each file of `sources`, by DataFile key. */
  readonly bytes: ReadonlyMap<string, Uint8Array>;
  readonly lenient: boolean;
};

/**
 * The panel of PROTOCOL section 1 from a long table: rows `date,symbol,open,high,low,close,volume`
 * (header names by `sources.columns`, case-insensitively) in any order, in one or several CSV or
 * Parquet files. The panel is the one per-symbol files with the same rows give: symbols in
 * code-point order, the calendar the union of the row dates (or the calendar file), a missing
 * row or empty value NaN. Errors name file and line (row, for Parquet): a bad date, an empty
 * symbol, a bad or negative number, a (date, symbol) given twice (`duplicate_date`, naming the
 * first), a date off the calendar file. Lenient mode turns each into a warning (row skipped or
 * cell NaN), the first row of a repeated (date, symbol) kept. Warnings are ordered by file, then line.
 */
export async function buildPanelFromLongTable(options: BuildPanelFromLongTableOptions): Promise<{ panel: Panel; warnings: LoadWarning[] }> {
  const { sources, lenient } = options;
  const table = sources.table ?? [];
  const headerNames = headerNamesOf(LONG_TABLE_FIELDS, sources.columns);
  const rows = new LongTableRows({ lenient });
  for (let fileId = 0; fileId < table.length; fileId++) {
    const file = table[fileId]!;
    const bytes = options.bytes.get(file.key);
    if (bytes === undefined) throw new Error(`buildPanelFromLongTable: no bytes for ${file.key}`);
    const read = { file: file.display, fileId, bytes, headerNames, rows };
    if (/\.parquet$/i.test(file.path)) await readLongParquet(read);
    else readLongCsv(read);
  }

  const order = rows.symbols.map((_, id) => id).sort((a, b) => compareCodePoints(rows.symbols[a]!, rows.symbols[b]!));
  const symbols = order.map((id) => rows.symbols[id]!);
  const indexOfId = new Int32Array(order.length);
  order.forEach((id, i) => (indexOfId[id] = i));

  const calendarFile = sources.calendar;
  let dates: Int32Array;
  if (calendarFile === null) {
    const rowDates = rows.dates.subarray(0, rows.length);
    dates = unionOfDates([{ nRows: rowDates.length, dates: rowDates, lines: new Int32Array(0), values: [] }]);
  } else {
    const bytes = options.bytes.get(calendarFile.key);
    if (bytes === undefined) throw new Error(`buildPanelFromLongTable: no bytes for ${calendarFile.key}`);
    dates = readNumericCsv({ file: calendarFile.display, bytes, columns: [], lenient, warnings: rows.warnings }).dates.slice();
  }

  const nDates = dates.length;
  const nSymbols = symbols.length;
  const fields = [0, 1, 2, 3, 4].map(() => new Float64Array(nDates * nSymbols).fill(Number.NaN));
  // 1 + the row that filled each cell, to name it when a later row repeats its (date, symbol).
  const filledBy = new Int32Array(nDates * nSymbols);
  const unit = (fileId: number): 'row' | 'line' => (/\.parquet$/i.test(table[fileId]!.path) ? 'row' : 'line');
  for (let k = 0; k < rows.length; k++) {
    const date = rows.dates[k]!;
    const file = table[rows.fileIds[k]!]!.display;
    const line = rows.lines[k]!;
    const t = findDateIndex({ dates }, date);
    if (t < 0) {
      const value = formatDate(date);
      const detail = `date "${value}" is not in the calendar ${calendarFile?.display ?? ''}`;
      rows.reject({ file, line, unit: unit(rows.fileIds[k]!), column: 'date', value, problem: 'date_not_in_calendar', detail }, 'row skipped');
      continue;
    }
    const symbolIndex = indexOfId[rows.symbolIds[k]!]!;
    const cell = t * nSymbols + symbolIndex;
    const first = filledBy[cell]! - 1;
    if (first >= 0) {
      const value = formatDate(date);
      const firstFileId = rows.fileIds[first]!;
      const where = `${firstFileId === rows.fileIds[k] ? '' : `${table[firstFileId]!.display} `}${unit(firstFileId)} ${rows.lines[first]}`;
      const detail = `${symbols[symbolIndex]} on ${value} repeats the row of ${where}`;
      rows.reject({ file, line, unit: unit(rows.fileIds[k]!), column: 'date', value, problem: 'duplicate_date', detail }, 'row skipped');
      continue;
    }
    filledBy[cell] = k + 1;
    for (let c = 0; c < 5; c++) fields[c]![cell] = rows.values[c]![k]!;
  }

  const warnings = rows.warnings;
  warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { panel: panelOf(symbols, dates, fields, null), warnings };
}
