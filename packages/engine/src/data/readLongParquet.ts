import { quoteText } from '../errors/quoteText.js';
import { decimalCellProblem, parseDecimalCell } from './parseDecimalCell.js';
import { parquetCellDate, parquetCellNumber, parquetCellText } from './parquetCellDate.js';
import { readParquetColumns } from './readParquetColumns.js';
import type { ReadLongTableFileOptions } from './LongTableRows.js';

/**
 * Reads one Parquet file of a long table into `rows`, with readLongCsv's rules: the date a DATE,
 * a TIMESTAMP at midnight UTC or an ISO string; the symbol a non-empty string; each price a
 * number >= 0 (int, float, double, or a decimal string), null for a missing value. Row errors
 * name the file and the data row (`row 17`, 1-based) and go through `rows.reject`.
 */
export async function readLongParquet(options: ReadLongTableFileOptions): Promise<void> {
  const { file, fileId, rows, headerNames } = options;
  const { nRows, columns } = await readParquetColumns({ file, bytes: options.bytes, names: headerNames });
  const dates = columns[0]!;
  const symbols = columns[1]!;
  rows.reserve(nRows);
  for (let k = 0; k < nRows; k++) {
    const line = k + 1;
    const date = parquetCellDate(dates[k]);
    if (Number.isNaN(date)) {
      const value = parquetCellText(dates[k]);
      const detail = `date ${quoteText(value)} is not a date (expected a DATE, a TIMESTAMP at midnight UTC or YYYY-MM-DD text)`;
      rows.reject({ file, line, unit: 'row', column: 'date', value, problem: 'bad_date', detail }, 'row skipped');
      continue;
    }
    const symbol = typeof symbols[k] === 'string' ? (symbols[k] as string).trim() : '';
    if (symbol === '') {
      const value = parquetCellText(symbols[k]);
      const detail = `${headerNames[1]} ${quoteText(value)} is not a symbol (expected non-empty text)`;
      rows.reject({ file, line, unit: 'row', column: 'symbol', value, problem: 'missing_symbol', detail }, 'row skipped');
      continue;
    }
    const row = rows.push(date, symbol, fileId, line);
    for (let c = 0; c < 5; c++) {
      const cell = columns[c + 2]![k];
      const value = typeof cell === 'string' ? (cell === '' ? Number.NaN : parseDecimalCell(cell)) : parquetCellNumber(cell);
      const missing = cell === null || cell === undefined || cell === '';
      if (!missing && !(value !== undefined && Number.isFinite(value) && value >= 0)) {
        const column = headerNames[c + 2]!;
        const text = parquetCellText(cell);
        const problem = decimalCellProblem(column, text, value ?? Number.NaN)!;
        rows.reject({ file, line, unit: 'row', column, value: text, problem: problem.problem, detail: problem.detail }, 'cell set to NaN');
        continue;
      }
      rows.values[c]![row] = value!;
    }
  }
}
