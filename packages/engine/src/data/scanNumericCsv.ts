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
/** scanNumber's answer for "let csv-parse decide": any negative non-zero value is a row error anyway. */
const DECLINE = -1;
/** 10^0..10^22, each an exact double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** End (exclusive) of the field scanNumber just read. */
let scannedTo = 0;

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
  const nFields = roles.length;

  let capacity = 0;
  for (let k = firstLf; k !== -1; k = bytes.indexOf(LF, k + 1)) capacity++;
  const dates = new Int32Array(capacity);
  const rowLines = new Int32Array(capacity);
  const values: Float64Array[] = [];
  for (let c = 0; c < columns.length; c++) values.push(new Float64Array(capacity));

  let nRows = 0;
  let previousDate = 0;
  let line = 1;
  let pos = headerEnd + 1;
  while (pos < end) {
    line++;
    if (crlf ? bytes[pos] === CR && bytes[pos + 1] === LF : bytes[pos] === LF) {
      pos += crlf ? 2 : 1; // a blank line (a lone LF in a CRLF file is field content: declined below)
      continue;
    }
    let p = pos;
    let date = 0;
    for (let f = 0; f < nFields; f++) {
      const role = roles[f]!;
      if (role === DATE) {
        date = scanDate(bytes, p);
        if (date <= previousDate) return null; // not a date, or not ascending
        p += 10;
      } else if (role === IGNORED) {
        while (p < end) {
          const b = bytes[p];
          if (b === COMMA || b === LF || b === CR) break;
          p++;
        }
      } else {
        const value = scanNumber(bytes, p);
        if (value < 0) return null;
        values[role]![nRows] = value;
        p = scannedTo;
      }
      // Only a comma ends a field but the last; the last ends the file or its line (LF, or CRLF
      // in a CRLF file): anything else (a lone CR or LF, a wrong field count) is csv-parse's case.
      if (f < nFields - 1) {
        if (bytes[p] !== COMMA) return null;
        p++;
      } else if (p < end) {
        if (crlf ? bytes[p] !== CR || bytes[p + 1] !== LF : bytes[p] !== LF) return null;
        p += crlf ? 2 : 1;
      }
    }
    dates[nRows] = date;
    rowLines[nRows] = line;
    previousDate = date;
    nRows++;
    pos = p;
  }
  return {
    nRows,
    dates: dates.subarray(0, nRows),
    lines: rowLines.subarray(0, nRows),
    values: values.map((column) => column.subarray(0, nRows)),
  };
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

/**
 * Reads the number at `from` up to the first byte outside readNumericCsv's grammar
 * `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` (the caller checks that byte is a field end) and
 * returns the exact value of Number(text), NaN when there is no text at all, or DECLINE when
 * the text is a partial match or its value is infinite or negative. Sets scannedTo to the
 * end of the number.
 */
function scanNumber(bytes: Uint8Array, from: number): number {
  const end = bytes.length;
  let p = from;
  let negative = false;
  let b = bytes[p];
  if (b === PLUS || b === MINUS) {
    negative = b === MINUS;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (; p < end; p++) {
    const digit = bytes[p]! - 48;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
    digits++;
  }
  if (p < end && bytes[p] === DOT) {
    for (p++; p < end; p++) {
      const digit = bytes[p]! - 48;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      fractionDigits++;
    }
    digits += fractionDigits;
  }
  if (digits === 0) {
    scannedTo = p;
    return p === from ? Number.NaN : DECLINE;
  }
  let exponent = 0;
  if (p < end && ((b = bytes[p]) === E_LOWER || b === E_UPPER)) {
    p++;
    let exponentNegative = false;
    if (p < end && ((b = bytes[p]) === PLUS || b === MINUS)) {
      exponentNegative = b === MINUS;
      p++;
    }
    const exponentFrom = p;
    for (; p < end; p++) {
      const digit = bytes[p]! - 48;
      if (digit < 0 || digit > 9) break;
      exponent = exponent * 10 + digit;
    }
    if (p === exponentFrom) return DECLINE;
    if (exponentNegative) exponent = -exponent;
  }
  scannedTo = p;

  let value: number;
  const power = exponent - fractionDigits;
  if (mantissa === 0) {
    value = 0;
  } else if (mantissa <= Number.MAX_SAFE_INTEGER && power >= -22 && power <= 22) {
    value = power < 0 ? mantissa / POW10[-power]! : mantissa * POW10[power]!;
  } else {
    value = Math.abs(Number(latin1(bytes, from, p)));
    if (!Number.isFinite(value)) return DECLINE;
  }
  if (negative) return value === 0 ? -0 : DECLINE;
  return value;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let k = from; k < to; k++) text += String.fromCharCode(bytes[k]!);
  return text;
}
