import { daysInMonth } from './parseIsoDate.js';
import type { NumericCsv } from './readNumericCsv.js';

export type ScanNumericCsvOptions = {
  readonly bytes: Uint8Array;
  /** Required numeric columns besides `date` (see readNumericCsv). */
  readonly columns: readonly string[];
  /** Header names of `date` and each column (see readNumericCsv); absent: `date` and `columns`. */
  readonly headerNames?: readonly string[];
};

const LF = 10;
const CR = 13;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const E_UPPER = 0x45;
const E_LOWER = 0x65;
/** Role of a header field that is neither `date` nor a requested column. */
const IGNORED = -2;
/** Role of the `date` field; requested columns have their index in `columns` as role. */
const DATE = -1;
/** The scanner's answer for "let csv-parse decide". */
const DECLINE = -1;
/** 10^0..10^22, each an exact double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Where scanNumericCsvInto writes a file's rows: arrays shared by several files, rows [at, end). */
export type ScanTarget = {
  readonly dates: Int32Array;
  readonly lines: Int32Array;
  /** One array per requested column. */
  readonly values: readonly Float64Array[];
  /** Index of the file's first row. */
  readonly at: number;
  /** Rows may be written below this index only: a file with more rows is declined. */
  readonly end: number;
};

/**
 * The strict fast path of readNumericCsv: reads a file only when it is certain that
 * csv-parse (readNumericCsvWithCsvParse) would give the very same arrays with no error and
 * no warning, and returns null otherwise so the caller falls back to csv-parse. Accepted:
 * an optional UTF-8 byte-order mark, no quote character anywhere, LF or CRLF line ends
 * (one kind per file, as csv-parse discovers it), an ASCII header naming `date` and each
 * column once, then rows with exactly the header's field count (or blank lines), valid
 * strictly ascending ISO dates and numbers matching readNumericCsv's decimal grammar that
 * are finite and not negative (or empty: NaN). Numbers are converted exactly as Number()
 * does: m * 10^e or m / 10^e with both operands exact doubles (one correctly rounded
 * operation) when the digits fit in 2^53 and |e| <= 22, else Number() on the text.
 */
export function scanNumericCsv(options: ScanNumericCsvOptions): NumericCsv | null {
  const layout = scanLayout(options);
  if (layout === null) return null;
  const { bytes } = options;
  let capacity = 0; // the line breaks from the header's on: at least the rows
  for (let k = layout.bodyFrom - 1 < bytes.length ? layout.bodyFrom - 1 : -1; k !== -1; k = bytes.indexOf(LF, k + 1)) capacity++;
  const dates = new Int32Array(capacity);
  const lines = new Int32Array(capacity);
  const values: Float64Array[] = [];
  for (let c = 0; c < options.columns.length; c++) values.push(new Float64Array(capacity));
  const nRows = scanRows(bytes, layout, { dates, lines, values, at: 0, end: capacity });
  if (nRows < 0) return null;
  return {
    nRows,
    dates: dates.subarray(0, nRows),
    lines: lines.subarray(0, nRows),
    values: values.map((column) => column.subarray(0, nRows)),
  };
}

/**
 * scanNumericCsv writing the rows into `target` from row `target.at` (several files' rows
 * back to back in the same arrays): the number of rows, or -1 when the scanner declines the
 * file (the same files as scanNumericCsv) or it has more rows than `target.end - target.at`.
 * Rows written before a decline are left in place.
 */
export function scanNumericCsvInto(options: ScanNumericCsvOptions & { readonly target: ScanTarget }): number {
  const layout = scanLayout(options);
  return layout === null ? DECLINE : scanRows(options.bytes, layout, options.target);
}

/**
 * An upper bound of the rows scanNumericCsv reads from `byteLength` bytes with `columns`
 * requested columns: every row holds a ten-byte date, a comma per column and a line end
 * (but the last), and the header takes a line of its own.
 */
export function maxScannedRows(byteLength: number, columns: number): number {
  return Math.floor((byteLength + 1) / (11 + columns));
}

type ScanLayout = {
  /** Role of each header field. */
  readonly roles: Int32Array;
  readonly crlf: boolean;
  /** First byte after the header's line end (past the end when there is none). */
  readonly bodyFrom: number;
};

/** What the rows are scanned with, or null when the file is declined before its rows (quotes, line ends, header). */
function scanLayout(options: ScanNumericCsvOptions): ScanLayout | null {
  const { bytes, columns } = options;
  const end = bytes.length;
  if (bytes.indexOf(QUOTE) !== -1) return null;
  const start = end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  // csv-parse takes the first line break as the record delimiter of the whole file; only a
  // first break of LF with no CR anywhere, or CRLF (each line checked below), is accepted.
  const firstLf = bytes.indexOf(LF, start);
  const firstCr = bytes.indexOf(CR, start);
  const crlf = firstCr !== -1;
  if (crlf && firstLf !== firstCr + 1) return null;

  const headerEnd = firstLf === -1 ? end : firstLf;
  const roles = headerRoles(bytes, start, crlf ? headerEnd - 1 : headerEnd, options.headerNames ?? ['date', ...columns]);
  if (roles === null) return null;
  return { roles, crlf, bodyFrom: headerEnd + 1 };
}

/**
 * The rows after the header into `target` (see scanNumericCsv for what is accepted): their
 * count, or DECLINE. Numbers are read inline (this loop runs for every cell of a book).
 */
function scanRows(bytes: Uint8Array, layout: ScanLayout, target: ScanTarget): number {
  const { roles, crlf } = layout;
  const { dates, lines, values } = target;
  const nFields = roles.length;
  const lastField = nFields - 1;
  const end = bytes.length;
  const rowEnd = target.end;
  let row = target.at;
  let previousDate = 0;
  let line = 1;
  let pos = layout.bodyFrom;
  while (pos < end) {
    line++;
    if (crlf ? bytes[pos] === CR && bytes[pos + 1] === LF : bytes[pos] === LF) {
      pos += crlf ? 2 : 1; // a blank line (a lone LF in a CRLF file is field content: declined below)
      continue;
    }
    if (row >= rowEnd) return DECLINE;
    let p = pos;
    let date = 0;
    for (let f = 0; f < nFields; f++) {
      const role = roles[f]!;
      if (role === DATE) {
        date = scanDate(bytes, p);
        if (date <= previousDate) return DECLINE; // not a date, or not ascending
        p += 10;
      } else if (role === IGNORED) {
        while (p < end) {
          const b = bytes[p];
          if (b === COMMA || b === LF || b === CR) break;
          p++;
        }
      } else {
        // The grammar [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? up to the first byte outside it
        // (checked below to be a field end); empty: NaN. Value as Number(text) (see above).
        const from = p;
        let b = bytes[p]!;
        let negative = false;
        if (b === PLUS || b === MINUS) {
          negative = b === MINUS;
          b = bytes[++p]!;
        }
        // The digits' integer: the first nine in an int32 (short dependency chains), the rest in a double.
        let small = 0;
        let mantissa = 0;
        let digits = 0;
        while (b >= 48 && b <= 57) {
          if (digits < 9) small = small * 10 + (b - 48);
          else mantissa = (digits === 9 ? small : mantissa) * 10 + (b - 48);
          digits++;
          b = bytes[++p]!;
        }
        let fractionDigits = 0;
        if (b === DOT) {
          b = bytes[++p]!;
          while (b >= 48 && b <= 57) {
            if (digits < 9) small = small * 10 + (b - 48);
            else mantissa = (digits === 9 ? small : mantissa) * 10 + (b - 48);
            digits++;
            fractionDigits++;
            b = bytes[++p]!;
          }
        }
        if (digits <= 9) mantissa = small;
        let value: number;
        if (digits === 0) {
          if (p !== from) return DECLINE; // a sign or a dot alone
          value = Number.NaN;
        } else {
          let exponent = 0;
          if (b === E_LOWER || b === E_UPPER) {
            b = bytes[++p]!;
            let exponentNegative = false;
            if (b === PLUS || b === MINUS) {
              exponentNegative = b === MINUS;
              b = bytes[++p]!;
            }
            const exponentFrom = p;
            while (b >= 48 && b <= 57) {
              exponent = exponent * 10 + (b - 48);
              b = bytes[++p]!;
            }
            if (p === exponentFrom) return DECLINE;
            if (exponentNegative) exponent = -exponent;
          }
          const power = exponent - fractionDigits;
          if (mantissa === 0) {
            value = 0;
          } else if (mantissa <= Number.MAX_SAFE_INTEGER && power >= -22 && power <= 22) {
            value = power < 0 ? mantissa / POW10[-power]! : mantissa * POW10[power]!;
          } else {
            value = Math.abs(Number(latin1(bytes, from, p)));
            if (!Number.isFinite(value)) return DECLINE;
          }
          if (negative) {
            if (value !== 0) return DECLINE;
            value = -0;
          }
        }
        values[role]![row] = value;
      }
      // Only a comma ends a field but the last; the last ends the file or its line (LF, or CRLF
      // in a CRLF file): anything else (a lone CR or LF, a wrong field count) is csv-parse's case.
      if (f < lastField) {
        if (bytes[p] !== COMMA) return DECLINE;
        p++;
      } else if (p < end) {
        if (crlf ? bytes[p] !== CR || bytes[p + 1] !== LF : bytes[p] !== LF) return DECLINE;
        p += crlf ? 2 : 1;
      }
    }
    dates[row] = date;
    lines[row] = line;
    previousDate = date;
    row++;
    pos = p;
  }
  return row - target.at;
}

/**
 * Role of each header field (DATE, IGNORED or the column index), or null unless the header
 * is plain ASCII naming `names` (the date's, then each column's) exactly once, after trimming
 * and case-insensitively, as readNumericCsv.
 */
function headerRoles(bytes: Uint8Array, from: number, to: number, names: readonly string[]): Int32Array | null {
  let text = '';
  for (let k = from; k < to; k++) {
    const b = bytes[k]!;
    if (b >= 0x80 || b === CR) return null;
    text += String.fromCharCode(b);
  }
  const header = text.split(',').map((cell) => cell.trim().toLowerCase());
  const roles = new Int32Array(header.length).fill(IGNORED);
  for (let c = 0; c < names.length; c++) {
    const name = names[c]!.trim().toLowerCase();
    const index = header.indexOf(name);
    if (index === -1 || header.indexOf(name, index + 1) !== -1 || roles[index] !== IGNORED) return null;
    roles[index] = c - 1;
  }
  return roles;
}

/** YYYYMMDD of a valid ISO date in bytes[p, p + 10) (parseIsoDate's rules), or 0. */
function scanDate(bytes: Uint8Array, p: number): number {
  if (p + 10 > bytes.length || bytes[p + 4] !== MINUS || bytes[p + 7] !== MINUS) return 0;
  const year = scanDigits(bytes, p, p + 4);
  const month = scanDigits(bytes, p + 5, p + 7);
  const day = scanDigits(bytes, p + 8, p + 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 0;
  return year * 10000 + month * 100 + day;
}

function scanDigits(bytes: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k++) {
    const digit = bytes[k]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let k = from; k < to; k++) text += String.fromCharCode(bytes[k]!);
  return text;
}
