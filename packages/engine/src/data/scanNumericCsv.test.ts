import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadWarning } from './LoadedPanel.js';
import { readNumericCsv } from './readNumericCsv.js';
import type { NumericCsv, ReadNumericCsvOptions } from './readNumericCsv.js';
import { readNumericCsvWithCsvParse } from './readNumericCsvWithCsvParse.js';
import { maxScannedRows, scanNumericCsv, scanNumericCsvInto } from './scanNumericCsv.js';

const PRICES = ['open', 'high', 'low', 'close', 'volume'] as const;
const HEADER = 'date,open,high,low,close,volume,Name';

/** The arrays of a NumericCsv as hex bytes, so -0, NaN and every Float64 bit count. */
function csvBytes(csv: NumericCsv): unknown {
  const hex = (a: Int32Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return { nRows: csv.nRows, dates: hex(csv.dates), lines: hex(csv.lines), values: csv.values.map(hex) };
}

/** Everything observable about an error: class, code, message, own fields and cause. */
function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return { notAnError: error };
  const cause = error.cause as (Error & Record<string, unknown>) | undefined;
  return {
    class: error.constructor.name,
    message: error.message,
    fields: { ...error },
    cause: cause === undefined ? null : { class: cause.constructor.name, message: cause.message, fields: { ...cause } },
  };
}

type Read = (options: ReadNumericCsvOptions) => NumericCsv;

/** The arrays or the error of one read, with the warnings it appended. */
function outcome(read: Read, bytes: Uint8Array, columns: readonly string[], lenient: boolean): unknown {
  const warnings: LoadWarning[] = [];
  try {
    const csv = read({ file: 'prices/X_data.csv', bytes, columns, lenient, warnings });
    return { csv: csvBytes(csv), warnings };
  } catch (error) {
    return { error: describeError(error), warnings };
  }
}

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Numbers the csv-parse path reads without a warning: plain prices, volumes, doubles as JS prints them, empty. */
const cleanNumber = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 99999 }), digits(0, 6)).map(([i, f]) => (f === '' ? `${i}` : `${i}.${f}`)),
  fc.integer({ min: 0, max: 2_000_000_000 }).map(String),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.tuple(fc.constantFrom('', '+', '-'), digits(0, 25), fc.constantFrom('', '.'), digits(0, 25)).map(([sign, i, dot, f]) =>
    // A well-formed decimal: long mantissas (beyond 2^53), leading and trailing zeros, -0.
    i + f === '' ? '0' : `${sign === '-' ? (/[1-9]/.test(i + f) ? '' : '-') : sign}${i}${i === '' ? '.' : dot}${i === '' && f === '' ? '0' : f}`,
  ),
  fc
    .tuple(digits(1, 17), fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3))
    .map(([m, e, sign, x]) => `${m}${e}${sign}${x}`)
    .filter((text) => Number.isFinite(Number(text))),
  fc.constant(''),
);

/** Text in and around the decimal grammar: partial matches, signs, spaces, words, overflow, random characters. */
const messyNumber = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '+', '-'), digits(0, 20), fc.constantFrom('', '.'), digits(0, 20), fc.constantFrom('', 'e', 'E', 'e+', 'e-'), digits(0, 4))
    .map((parts) => parts.join('')),
  fc.constantFrom(' 1', '1 ', 'NaN', 'Infinity', '-1', '-0', '-0.0e5', '0x10', '1e400', '-1e-400', '1_0', '１', '1,5', '"1"', '\t2', '1\r', '.', '-', 'e5', '1e', '1.2.3', '1e5.5'),
  fc.string({ maxLength: 4 }),
);

const name = fc.constantFrom('AAPL', 'A', '', 'BRK.B', 'Zürich', 'x y', '"Q"', 'a,b', ' ', 'Z\r');

/** Ascending ISO dates from a day count, with duplicates, earlier dates and bad dates mixed in. */
function isoDate(day: number): string {
  return new Date(Date.UTC(2013, 1, 8 + day)).toISOString().slice(0, 10);
}
const badDate = fc.constantFrom('2020-02-30', '2020-1-01', '', ' 2013-02-08', '2013-02-08 ', '20130208', '0000-01-01', '2013-13-01', '2013-02-0x');

type Row = { readonly gap: number; readonly badDate: string | null; readonly cells: readonly string[]; readonly name: string; readonly blankBefore: boolean };

const HEADERS = [
  HEADER,
  'close,date,volume,Name,open,low,high',
  ' date , open,high ,low,close,volume',
  'date,open,high,low,close,volume,Name,extra',
  'date,open,high,low,close,Name',
  'date,open,high,low,close,close,volume',
  '"date",open,high,low,close,volume',
  'Date,open,high,low,close,volume',
  '',
];

type TextOptions = {
  readonly eol: string;
  readonly bom: boolean;
  readonly trailing: boolean;
  /** [k, text]: the line end after line k (modulo the line count) becomes `text`. */
  readonly lineEnds?: readonly (readonly [number, string])[];
};

/** A price CSV: header, rows (cells in header order, unknown header fields get `name`), line ends, BOM. */
function csvText(header: string, rows: readonly Row[], options: TextOptions): string {
  const fields = header.split(',').map((field) => field.trim());
  const lines = [header];
  let day = 0;
  for (const row of rows) {
    day += row.gap;
    if (row.blankBefore) lines.push('');
    lines.push(
      fields
        .map((field) => {
          if (field === 'date') return row.badDate ?? isoDate(day);
          const c = PRICES.indexOf(field as (typeof PRICES)[number]);
          return c === -1 ? row.name : row.cells[c]!;
        })
        .join(','),
    );
  }
  const ends = lines.map((_, k) => (k < lines.length - 1 || options.trailing ? options.eol : ''));
  for (const [k, text] of options.lineEnds ?? []) ends[k % ends.length] = text;
  return (options.bom ? '\ufeff' : '') + lines.map((line, k) => line + ends[k]!).join('');
}

const cleanCsv = fc
  .record({
    header: fc.constantFrom(HEADERS[0]!, HEADERS[1]!, HEADERS[2]!, HEADERS[3]!),
    rows: fc.array(
      fc.record({
        gap: fc.integer({ min: 1, max: 4 }),
        badDate: fc.constant(null),
        cells: fc.array(cleanNumber, { minLength: 5, maxLength: 5 }),
        name: fc.constantFrom('AAPL', 'A', '', 'BRK.B', 'x y', 'Zürich'),
        blankBefore: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    trailing: fc.boolean(),
  })
  .map(({ header, rows, ...options }) => csvText(header, rows, options));

const messyCsv = fc
  .record({
    header: fc.oneof({ arbitrary: fc.constant(HEADER), weight: 4 }, { arbitrary: fc.constantFrom(...HEADERS), weight: 1 }),
    rows: fc.array(
      fc.record({
        gap: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 20 }, { arbitrary: fc.integer({ min: -2, max: 0 }), weight: 1 }),
        badDate: fc.oneof({ arbitrary: fc.constant(null), weight: 30 }, { arbitrary: badDate, weight: 1 }),
        cells: fc.array(fc.oneof({ arbitrary: cleanNumber, weight: 30 }, { arbitrary: messyNumber, weight: 1 }), { minLength: 5, maxLength: 5 }),
        name: fc.oneof({ arbitrary: fc.constant('AAPL'), weight: 30 }, { arbitrary: name, weight: 1 }),
        blankBefore: fc.boolean(),
      }),
      { maxLength: 10 },
    ),
    eol: fc.oneof({ arbitrary: fc.constantFrom('\n', '\r\n'), weight: 8 }, { arbitrary: fc.constant('\r'), weight: 1 }),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    lineEnds: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      { arbitrary: fc.array(fc.tuple(fc.nat(), fc.constantFrom('\n', '\r\n', '\r', '\r\n\n', '\n\r\n', '\r\r\n', '\n\n', '')), { maxLength: 2 }), weight: 1 },
    ),
    // Characters spliced in anywhere: quotes, stray line ends, commas, spaces, non-ASCII, a second BOM.
    splices: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      { arbitrary: fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', '\r', '\n', '\r\n', ',', ' ', 'é', '\ufeff', 'x', '')), { maxLength: 2 }), weight: 1 },
    ),
  })
  .map(({ header, rows, splices, ...options }) => {
    let text = csvText(header, rows, options);
    for (const [at, insert] of splices) {
      const k = at % (text.length + 1);
      text = text.slice(0, k) + insert + text.slice(k);
    }
    return text;
  });

const columnSets = fc.constantFrom<readonly string[]>(PRICES, ['close'], ['volume', 'open'], []);

describe('scanNumericCsv', () => {
  it('reads a plain price file into dates, lines and columns, NaN for empty cells, skipping blank lines', () => {
    const text = `${HEADER}\n2013-02-08,67.7142,68.4014,,67.8542,158168416,AAPL\n\n2013-02-11,68.0714,69.2771,67.6071,68.5614,129029425,AAPL\n`;
    const csv = scanNumericCsv({ bytes: Buffer.from(text), columns: PRICES })!;
    expect(csv.nRows).toBe(2);
    expect(Array.from(csv.dates)).toEqual([20130208, 20130211]);
    expect(Array.from(csv.lines)).toEqual([2, 4]);
    expect(Array.from(csv.values[0]!)).toEqual([67.7142, 68.0714]);
    expect(Array.from(csv.values[2]!)).toEqual([Number.NaN, 67.6071]);
    expect(Array.from(csv.values[4]!)).toEqual([158168416, 129029425]);
  });

  it('reads a byte-order mark, CRLF line ends, columns in any order and spaces around header names', () => {
    const text = '\ufeff volume ,Name,date,close\r\n1e3,X,2020-01-02,+.5\r\n\r\n2,X,2020-01-03,-0\r\n';
    const csv = scanNumericCsv({ bytes: Buffer.from(text), columns: ['close', 'volume'] })!;
    expect(Array.from(csv.dates)).toEqual([20200102, 20200103]);
    expect(Array.from(csv.lines)).toEqual([2, 4]);
    expect(Array.from(csv.values[0]!)).toEqual([0.5, -0]);
    expect(Object.is(csv.values[0]![1], -0)).toBe(true);
    expect(Array.from(csv.values[1]!)).toEqual([1000, 2]);
  });

  it('converts each number exactly as Number() does, also beyond 2^53 and 10^22', () => {
    const texts = ['0.1', '0.3', '67.7142', '1e22', '1e23', '9007199254740993', '123456789012345678e-5', '5e-324', '2e-400', '1.7976931348623157e308', '.5', '5.', '+7', '000.000100', '0.000000000000000000000001', '4.35', '1234567.891'];
    const text = `date,close\n${texts.map((t, k) => `${isoDate(k)},${t}`).join('\n')}\n`;
    const csv = scanNumericCsv({ bytes: Buffer.from(text), columns: ['close'] })!;
    expect(Array.from(csv.values[0]!)).toEqual(texts.map(Number));
  });

  const declined: [string, string][] = [
    ['a quote character anywhere', `${HEADER}\n2020-01-02,1,1,1,1,1,"X"\n`],
    ['CR line ends', `${HEADER}\r2020-01-02,1,1,1,1,1,X\r`],
    ['a LF line end in a CRLF file', `${HEADER}\r\n2020-01-02,1,1,1,1,1,X\n2020-01-03,1,1,1,1,1,X\r\n`],
    ['a blank LF line in a CRLF file', `${HEADER}\r\n2020-01-02,1,1,1,1,1,X\r\n\n2020-01-03,1,1,1,1,1,X\r\n`],
    ['a CR inside a LF file', `${HEADER}\n2020-01-02,1,1,1,1,1,X\r\n`],
    ['a row with a missing field', `${HEADER}\n2020-01-02,1,1,1,1,X\n`],
    ['a row with an extra field', `${HEADER}\n2020-01-02,1,1,1,1,1,X,\n`],
    ['a negative number', `${HEADER}\n2020-01-02,1,1,-1,1,1,X\n`],
    ['an infinite number', `${HEADER}\n2020-01-02,1,1e999,1,1,1,X\n`],
    ['a space around a number', `${HEADER}\n2020-01-02,1,1, 1,1,1,X\n`],
    ['NaN spelt out', `${HEADER}\n2020-01-02,1,1,NaN,1,1,X\n`],
    ['an invalid date', `${HEADER}\n2020-02-30,1,1,1,1,1,X\n`],
    ['a repeated date', `${HEADER}\n2020-01-02,1,1,1,1,1,X\n2020-01-02,1,1,1,1,1,X\n`],
    ['a missing column', 'date,open,high,low,close,Name\n2020-01-02,1,1,1,1,X\n'],
    ['a non-ASCII header', `${HEADER},Ünit\n2020-01-02,1,1,1,1,1,X,1\n`],
    ['an empty file', ''],
  ];
  it.each(declined)('declines %s', (_name, text) => {
    expect(scanNumericCsv({ bytes: Buffer.from(text), columns: PRICES })).toBeNull();
  });

  it('declines a UTF-16 byte-order mark, which csv-parse decodes as UTF-16', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n2020-01-02,1,1,1,1,1,X\n`, 'utf16le')]);
    expect(scanNumericCsv({ bytes, columns: PRICES })).toBeNull();
  });

  it('accepts every file of the clean grammar with the arrays of the csv-parse path', () => {
    fc.assert(
      fc.property(cleanCsv, (text) => {
        const bytes = Buffer.from(text);
        const fast = scanNumericCsv({ bytes, columns: PRICES });
        expect(fast).not.toBeNull();
        expect({ csv: csvBytes(fast!), warnings: [] }).toEqual(outcome(readNumericCsvWithCsvParse, bytes, PRICES, false));
      }),
      { numRuns: 300 },
    );
  });

  it('either declines a text in or around the grammar or returns what csv-parse returns; readNumericCsv equals csv-parse always', () => {
    let accepted = 0;
    let declinedCount = 0;
    fc.assert(
      fc.property(messyCsv, columnSets, (text, columns) => {
        const bytes = Buffer.from(text);
        const fast = scanNumericCsv({ bytes, columns });
        for (const lenient of [false, true]) {
          const slow = outcome(readNumericCsvWithCsvParse, bytes, columns, lenient);
          if (fast !== null) expect({ csv: csvBytes(fast), warnings: [] }).toEqual(slow);
          expect(outcome(readNumericCsv, bytes, columns, lenient)).toEqual(slow);
        }
        if (fast === null) declinedCount++;
        else accepted++;
      }),
      { numRuns: 1000 },
    );
    // Both branches were exercised (the generator is tuned for a mix, about half accepted).
    expect(accepted).toBeGreaterThan(100);
    expect(declinedCount).toBeGreaterThan(100);
  });
});

describe('scanNumericCsvInto', () => {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
  const a = encode('date,close\n2020-01-02,1.5\n\n2020-01-03,\n');
  const b = encode('close,date\r\n2e-3,2020-01-06\r\n');

  it('writes files back to back in shared arrays, as scanNumericCsv reads each', () => {
    const capacity = maxScannedRows(a.length, 1) + maxScannedRows(b.length, 1);
    const target = { dates: new Int32Array(capacity), lines: new Int32Array(capacity), values: [new Float64Array(capacity)] };
    const first = scanNumericCsvInto({ bytes: a, columns: ['close'], target: { ...target, at: 0, end: capacity } });
    const second = scanNumericCsvInto({ bytes: b, columns: ['close'], target: { ...target, at: first, end: capacity } });
    expect([first, second]).toEqual([2, 1]);
    expect(Array.from(target.dates.subarray(0, 3))).toEqual([20200102, 20200103, 20200106]);
    expect(Array.from(target.lines.subarray(0, 3))).toEqual([2, 4, 2]);
    expect(Array.from(target.values[0]!.subarray(0, 3))).toEqual([1.5, Number.NaN, 0.002]);
    for (const bytes of [a, b]) expect(scanNumericCsv({ bytes, columns: ['close'] })).not.toBeNull();
  });

  it('declines a file with more rows than the room left, and whatever scanNumericCsv declines', () => {
    const target = { dates: new Int32Array(4), lines: new Int32Array(4), values: [new Float64Array(4)], at: 3, end: 4 };
    expect(scanNumericCsvInto({ bytes: a, columns: ['close'], target })).toBe(-1);
    expect(scanNumericCsvInto({ bytes: encode('date,close\n2020-01-02,"1"\n'), columns: ['close'], target: { ...target, at: 0 } })).toBe(-1);
  });

  it('bounds the rows of a file by its length (a date, a comma per column and a line end each)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 3 }), (rows, columns) => {
        const header = ['date', ...Array.from({ length: columns }, (_, c) => `c${c}`)].join(',');
        const row = `2020-01-01${','.repeat(columns)}`;
        // The shortest rows (empty fields), the last without a line end: still within the bound.
        const text = [header, ...Array.from({ length: rows }, () => row)].join('\n');
        return rows <= maxScannedRows(encode(text).length, columns);
      }),
    );
  });
});
