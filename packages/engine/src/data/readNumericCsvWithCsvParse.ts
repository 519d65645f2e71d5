import { parse } from 'csv-parse/sync';
import { CsvRowError, CsvSyntaxError } from '../errors.js';
import { findHeaderColumn } from './findHeaderColumn.js';
import type { CsvRowErrorOptions } from '../errors.js';
import { quoteText } from '../errors/quoteText.js';
import { formatDate } from './formatDate.js';
import { decimalCellProblem, parseDecimalCell } from './parseDecimalCell.js';
import { parseIsoDate } from './parseIsoDate.js';
import type { NumericCsv, ReadNumericCsvOptions } from './readNumericCsv.js';

const QUOTE = 0x22;

/**
 * readNumericCsv through csv-parse, the authority on every input: reads a CSV of dated
 * non-negative numbers (PROTOCOL section 1): header on line 1 naming
 * `date` and every requested column in any order; ISO dates strictly ascending; an empty
 * field is NaN; blank lines are skipped. Every row error is a CsvRowError naming the file
 * and line, thrown, or in lenient mode appended to `warnings` with the cell set to NaN
 * (bad number, negative) or the row skipped (bad/duplicate/unsorted date, wrong field count).
 */
export function readNumericCsvWithCsvParse(options: ReadNumericCsvOptions): NumericCsv {
  const { file, columns, lenient, warnings } = options;
  const { records, lines } = parseRecords(file, options.bytes);
  const header = records.length === 0 ? [] : records[0]!.map((cell) => cell.trim());
  const names = options.headerNames ?? ['date', ...columns];
  const dateIndex = findHeaderColumn({ header, name: names[0]!, expected: names, file });
  const columnIndex = new Int32Array(columns.length);
  for (let c = 0; c < columns.length; c++) columnIndex[c] = findHeaderColumn({ header, name: names[c + 1]!, expected: names, file });

  const capacity = Math.max(0, records.length - 1);
  const dates = new Int32Array(capacity);
  const rowLines = new Int32Array(capacity);
  const values: Float64Array[] = [];
  for (let c = 0; c < columns.length; c++) values.push(new Float64Array(capacity));

  const reject = (error: CsvRowErrorOptions, action: string): void => {
    const rowError = new CsvRowError(error);
    if (!lenient) throw rowError;
    warnings.push({ file, line: error.line, message: `${rowError.message}; ${action}` });
  };

  let nRows = 0;
  let previousDate = 0;
  let previousLine = 0;
  for (let k = 1; k < records.length; k++) {
    const record = records[k]!;
    if (record.length === 1 && record[0] === '') continue; // a blank line
    const line = lines === null ? k + 1 : lines[k]!;
    if (record.length !== header.length) {
      const value = record.join(',');
      const detail = `expected ${header.length} fields as in the header, found ${record.length} (${quoteText(value)})`;
      reject({ file, line, column: null, value, problem: 'field_count', detail }, 'row skipped');
      continue;
    }
    const dateText = record[dateIndex]!;
    const date = parseIsoDate(dateText);
    if (Number.isNaN(date)) {
      const detail = `date ${quoteText(dateText)} is not a valid ISO date (expected YYYY-MM-DD)`;
      reject({ file, line, column: 'date', value: dateText, problem: 'bad_date', detail }, 'row skipped');
      continue;
    }
    if (nRows > 0 && date <= previousDate) {
      const duplicate = date === previousDate;
      const detail = duplicate
        ? `date ${quoteText(dateText)} repeats the date of line ${previousLine}`
        : `date ${quoteText(dateText)} is earlier than ${formatDate(previousDate)} on line ${previousLine} (dates must ascend)`;
      const problem = duplicate ? 'duplicate_date' : 'unsorted_date';
      reject({ file, line, column: 'date', value: dateText, problem, detail }, 'row skipped');
      continue;
    }
    for (let c = 0; c < columns.length; c++) {
      const text = record[columnIndex[c]!]!;
      let value = parseDecimalCell(text);
      if (text !== '' && !(Number.isFinite(value) && value >= 0)) {
        const column = names[c + 1]!;
        const { problem, detail } = decimalCellProblem(column, text, value)!;
        reject({ file, line, column, value: text, problem, detail }, 'cell set to NaN');
        value = Number.NaN;
      }
      values[c]![nRows] = value;
    }
    dates[nRows] = date;
    rowLines[nRows] = line;
    previousDate = date;
    previousLine = line;
    nRows++;
  }
  return {
    nRows,
    dates: dates.subarray(0, nRows),
    lines: rowLines.subarray(0, nRows),
    values: values.map((column) => column.subarray(0, nRows)),
  };
}

/**
 * csv-parse with one record per physical line (blank lines included, so the record index
 * is the line number) unless a quoted field may span lines, then with csv-parse's line info.
 */
function parseRecords(file: string, bytes: Uint8Array): { records: string[][]; lines: Int32Array | null } {
  const base = { bom: true, relax_column_count: true, skip_empty_lines: false } as const;
  try {
    if (bytes.indexOf(QUOTE) === -1) return { records: parse(bytes, base), lines: null };
    const withInfo = parse(bytes, { ...base, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    const records: string[][] = [];
    const lines = new Int32Array(withInfo.length);
    let nextLine = 1; // a record starts on the line after the previous record ended
    for (let k = 0; k < withInfo.length; k++) {
      const entry = withInfo[k]!;
      records.push(entry.record);
      lines[k] = nextLine;
      nextLine = entry.info.lines + 1;
    }
    return { records, lines };
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CsvSyntaxError({ file, line, reason, cause: error });
  }
}
