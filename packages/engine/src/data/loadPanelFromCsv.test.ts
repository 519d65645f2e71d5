import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvHeaderError, CsvRowError, CsvSyntaxError, DataNotFoundError, DuplicateSymbolError, EmptyDataFolderError } from '../errors.js';
import { findDateIndex } from './findDateIndex.js';
import { loadPanelFromCsv } from './loadPanelFromCsv.js';
import type { Panel } from './Panel.js';
import { sharedPath } from '../testing/sharedPath.js';

const HEADER = 'date,open,high,low,close,volume';
const SP500_PRICES = sharedPath('data/sp500-5yr/prices');

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp root with `files` written at their relative paths; returns the root. */
function makeData(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wf-data-'));
  tempDirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function prices(files: Record<string, string>): string {
  const root = makeData(Object.fromEntries(Object.entries(files).map(([name, text]) => [`prices/${name}`, text])));
  return path.join(root, 'prices');
}

/** Cell (date, symbol) of a field. */
function cell(panel: Panel, field: Float64Array, date: number, symbol: string): number {
  const t = findDateIndex(panel, date);
  const i = panel.symbols.indexOf(symbol);
  if (t < 0 || i < 0) throw new Error(`no cell ${date} ${symbol}`);
  return field[t * panel.nSymbols + i]!;
}

async function loadError(options: Parameters<typeof loadPanelFromCsv>[0]): Promise<unknown> {
  return loadPanelFromCsv(options).then(
    () => {
      throw new Error('expected the load to fail');
    },
    (error: unknown) => error,
  );
}

describe('loadPanelFromCsv: panel shape', () => {
  it('reads both file name patterns and sorts symbols by code point, not locale', async () => {
    const row = '2020-01-02,1,1,1,1,1\n';
    const dir = prices({
      'b.csv': `${HEADER}\n${row}`,
      'AAPL_data.csv': `${HEADER}\n${row}`,
      'AAP.csv': `${HEADER}\n${row}`,
      'B_data.csv': `${HEADER}\n${row}`,
      'README.md': 'not data',
      '.hidden.csv': 'ignored',
    });
    const { panel, source, warnings } = await loadPanelFromCsv({ pricesDir: dir });
    expect(panel.symbols).toEqual(['AAP', 'AAPL', 'B', 'b']);
    expect(source).toBe('csv');
    expect(warnings).toEqual([]);
  });

  it('builds the calendar as the sorted union of all dates, NaN for missing rows and empty fields', async () => {
    const dir = prices({
      'X.csv': `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-06,,,,1.75,0\n`,
      'Y.csv': `volume,close,Name,low,high,open,date\n10,20,Y,19,21,19.5,2020-01-03\n11,22,Y,21,23,20.5,2020-01-06\n`,
    });
    const { panel } = await loadPanelFromCsv({ pricesDir: dir });
    expect(Array.from(panel.dates)).toEqual([20200102, 20200103, 20200106]);
    expect(panel.nDates).toBe(3);
    expect(panel.nSymbols).toBe(2);
    expect(Array.from(panel.close)).toEqual([1.5, Number.NaN, Number.NaN, 20, 1.75, 22]);
    expect(Array.from(panel.open)).toEqual([1, Number.NaN, Number.NaN, 19.5, Number.NaN, 20.5]);
    expect(Array.from(panel.high)).toEqual([2, Number.NaN, Number.NaN, 21, Number.NaN, 23]);
    expect(Array.from(panel.low)).toEqual([0.5, Number.NaN, Number.NaN, 19, Number.NaN, 21]);
    expect(Array.from(panel.volume)).toEqual([100, Number.NaN, Number.NaN, 10, 0, 11]);
    expect(panel.marketCap).toBeNull();
  });

  it('builds the same sorted union when the dates span millennia (sorted, not marked)', async () => {
    const dir = prices({
      'X.csv': `${HEADER}\n0001-01-01,1,1,1,1,1\n2020-01-06,1,1,1,2,1\n9999-12-31,1,1,1,3,1\n`,
      'Y.csv': `${HEADER}\n2020-01-06,1,1,1,4,1\n5000-06-30,1,1,1,5,1\n`,
    });
    const { panel } = await loadPanelFromCsv({ pricesDir: dir });
    expect(Array.from(panel.dates)).toEqual([10101, 20200106, 50000630, 99991231]);
    expect(Array.from(panel.close)).toEqual([1, Number.NaN, 2, 4, Number.NaN, 5, 3, Number.NaN]);
  });

  it('uses a calendar file when given, keeping dates no symbol traded', async () => {
    const root = makeData({
      'prices/X.csv': `${HEADER}\n2020-01-03,1,1,1,2,5\n`,
      'cal/calendar.csv': 'date,comment\n2020-01-02,a\n2020-01-03,b\n2020-01-06,c\n',
    });
    const { panel } = await loadPanelFromCsv({
      pricesDir: path.join(root, 'prices'),
      calendarFile: path.join(root, 'cal/calendar.csv'),
    });
    expect(Array.from(panel.dates)).toEqual([20200102, 20200103, 20200106]);
    expect(Array.from(panel.close)).toEqual([Number.NaN, 2, Number.NaN]);
  });

  it('rejects a price row dated off the given calendar, naming file and line', async () => {
    const root = makeData({
      'prices/X.csv': `${HEADER}\n2020-01-03,1,1,1,2,5\n2020-01-04,1,1,1,2,5\n`,
      'calendar.csv': 'date\n2020-01-03\n2020-01-06\n',
    });
    const error = await loadError({ pricesDir: path.join(root, 'prices'), calendarFile: path.join(root, 'calendar.csv') });
    expect(error).toBeInstanceOf(CsvRowError);
    expect((error as CsvRowError).message).toBe('prices/X.csv line 3: date "2020-01-04" is not in the calendar calendar.csv');
    expect((error as CsvRowError).problem).toBe('date_not_in_calendar');
  });

  it('fills market caps by symbol and date, NaN for symbols without a file; extra symbols are ignored', async () => {
    const root = makeData({
      'prices/A.csv': `${HEADER}\n2020-01-02,1,1,1,1,1\n2020-01-03,1,1,1,1,1\n`,
      'prices/B_data.csv': `${HEADER}\n2020-01-02,1,1,1,1,1\n`,
      'caps/A.csv': 'date,market_cap\n2020-01-03,5e9\n',
      'caps/Z.csv': 'date,market_cap\n2020-01-03,7\n',
    });
    const { panel } = await loadPanelFromCsv({ pricesDir: path.join(root, 'prices'), marketCapsDir: path.join(root, 'caps') });
    expect(panel.symbols).toEqual(['A', 'B']);
    expect(Array.from(panel.marketCap ?? [])).toEqual([Number.NaN, Number.NaN, 5e9, Number.NaN]);
  });

  it('skips blank lines, reads CRLF files, a byte-order mark and quoted fields', async () => {
    const dir = prices({
      'X.csv': `\ufeff${HEADER}\r\n2020-01-02,1,1,1,"1.5",1\r\n\r\n2020-01-03,1,1,1,2,1\r\n`,
    });
    const { panel } = await loadPanelFromCsv({ pricesDir: dir });
    expect(Array.from(panel.close)).toEqual([1.5, 2]);
  });
});

describe('loadPanelFromCsv: bad input is an error naming file and line', () => {
  const cases: { name: string; text: string; message: string; line: number; column: string | null; value: string }[] = [
    {
      name: 'an unparsable number',
      text: `${HEADER}\n2020-01-02,1,1,1,1,1\n2020-01-03,1,1,1,abc,1\n`,
      message: 'prices/AAPL_data.csv line 3: close "abc" is not a number',
      line: 3,
      column: 'close',
      value: 'abc',
    },
    {
      name: 'a number with spaces',
      text: `${HEADER}\n2020-01-02, 1,1,1,1,1\n`,
      message: 'prices/AAPL_data.csv line 2: open " 1" is not a number',
      line: 2,
      column: 'open',
      value: ' 1',
    },
    {
      name: 'a negative price',
      text: `${HEADER}\n2020-01-02,1,1,-0.5,1,1\n`,
      message: 'prices/AAPL_data.csv line 2: low "-0.5" is negative (expected a number >= 0)',
      line: 2,
      column: 'low',
      value: '-0.5',
    },
    {
      name: 'a negative volume',
      text: `${HEADER}\n2020-01-02,1,1,1,1,-3\n`,
      message: 'prices/AAPL_data.csv line 2: volume "-3" is negative (expected a number >= 0)',
      line: 2,
      column: 'volume',
      value: '-3',
    },
    {
      name: 'a bad date',
      text: `${HEADER}\n2020-02-30,1,1,1,1,1\n`,
      message: 'prices/AAPL_data.csv line 2: date "2020-02-30" is not a valid ISO date (expected YYYY-MM-DD)',
      line: 2,
      column: 'date',
      value: '2020-02-30',
    },
    {
      name: 'a duplicate date',
      text: `${HEADER}\n2020-01-02,1,1,1,1,1\n2020-01-02,1,1,1,1,1\n`,
      message: 'prices/AAPL_data.csv line 3: date "2020-01-02" repeats the date of line 2',
      line: 3,
      column: 'date',
      value: '2020-01-02',
    },
    {
      name: 'an unsorted date',
      text: `${HEADER}\n2020-01-03,1,1,1,1,1\n\n2020-01-02,1,1,1,1,1\n`,
      message: 'prices/AAPL_data.csv line 4: date "2020-01-02" is earlier than 2020-01-03 on line 2 (dates must ascend)',
      line: 4,
      column: 'date',
      value: '2020-01-02',
    },
    {
      name: 'a truncated last row',
      text: `${HEADER}\n2020-01-02,1,1,1,1,1\n2020-01-03,1,1`,
      message: 'prices/AAPL_data.csv line 3: expected 6 fields as in the header, found 3 ("2020-01-03,1,1")',
      line: 3,
      column: null,
      value: '2020-01-03,1,1',
    },
  ];
  for (const testCase of cases) {
    it(`rejects ${testCase.name} with a CsvRowError`, async () => {
      const error = await loadError({ pricesDir: prices({ 'AAPL_data.csv': testCase.text }) });
      expect(error).toBeInstanceOf(CsvRowError);
      const rowError = error as CsvRowError;
      expect(rowError.message).toBe(testCase.message);
      expect(rowError.code).toBe('CSV_ROW_ERROR');
      expect({ file: rowError.file, line: rowError.line, column: rowError.column, value: rowError.value }).toEqual({
        file: 'prices/AAPL_data.csv',
        line: testCase.line,
        column: testCase.column,
        value: testCase.value,
      });
    });
  }

  it('reports the line where a record starts when a quoted field spans lines', async () => {
    const text = `${HEADER},Name\n2020-01-02,1,1,1,1,1,"multi\nline"\n2020-01-03,1,1,1,x,1,"n"\n`;
    const error = await loadError({ pricesDir: prices({ 'X.csv': text }) });
    expect((error as CsvRowError).message).toBe('prices/X.csv line 4: close "x" is not a number');
  });

  it('rejects a missing column on line 1 with a CsvHeaderError', async () => {
    const error = await loadError({ pricesDir: prices({ 'X.csv': 'date,open,high,low,volume\n2020-01-02,1,1,1,1\n' }) });
    expect(error).toBeInstanceOf(CsvHeaderError);
    expect((error as CsvHeaderError).message).toBe(
      'prices/X.csv line 1: missing column "close" (header "date,open,high,low,volume"; expected columns date,open,high,low,close,volume)',
    );
    expect((error as CsvHeaderError).code).toBe('CSV_MISSING_COLUMN');
  });

  it('rejects an empty file as missing its columns', async () => {
    const error = await loadError({ pricesDir: prices({ 'X.csv': '' }) });
    expect(error).toBeInstanceOf(CsvHeaderError);
    expect((error as Error).message).toMatch(/^prices\/X\.csv line 1: missing column "date" \(the file is empty;/);
  });

  it('rejects a market-cap file without market_cap', async () => {
    const root = makeData({ 'prices/A.csv': `${HEADER}\n2020-01-02,1,1,1,1,1\n`, 'caps/A.csv': 'date,cap\n2020-01-02,1\n' });
    const error = await loadError({ pricesDir: path.join(root, 'prices'), marketCapsDir: path.join(root, 'caps') });
    expect((error as Error).message).toMatch(/^caps\/A\.csv line 1: missing column "market_cap"/);
  });

  it('rejects an unclosed quote with a CsvSyntaxError naming file and line', async () => {
    const error = await loadError({ pricesDir: prices({ 'X.csv': `${HEADER}\n2020-01-02,1,1,1,"1,1\n` }) });
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as Error).message).toMatch(/^prices\/X\.csv line 2: not valid CSV: /);
  });

  it('rejects a missing prices folder, an empty one and a missing calendar file', async () => {
    const root = makeData({ 'empty/README.md': 'no csv here', 'prices/A.csv': `${HEADER}\n` });
    const missing = await loadError({ pricesDir: path.join(root, 'nope') });
    expect(missing).toBeInstanceOf(DataNotFoundError);
    expect((missing as Error).message).toBe(`prices folder "${path.join(root, 'nope')}" does not exist`);
    const empty = await loadError({ pricesDir: path.join(root, 'empty') });
    expect(empty).toBeInstanceOf(EmptyDataFolderError);
    expect((empty as Error).message).toContain(path.join(root, 'empty'));
    const noCalendar = await loadError({ pricesDir: path.join(root, 'prices'), calendarFile: path.join(root, 'cal.csv') });
    expect(noCalendar).toBeInstanceOf(DataNotFoundError);
    expect((noCalendar as Error).message).toBe(`calendar file "${path.join(root, 'cal.csv')}" does not exist`);
    const noCaps = await loadError({ pricesDir: path.join(root, 'prices'), marketCapsDir: path.join(root, 'caps') });
    expect((noCaps as Error).message).toBe(`market caps folder "${path.join(root, 'caps')}" does not exist`);
  });

  it('rejects two files for one symbol', async () => {
    const error = await loadError({ pricesDir: prices({ 'A.csv': `${HEADER}\n`, 'A_data.csv': `${HEADER}\n` }) });
    expect(error).toBeInstanceOf(DuplicateSymbolError);
    expect((error as Error).message).toBe('symbol "A" has two files: prices/A.csv and prices/A_data.csv (keep one)');
  });
});

describe('loadPanelFromCsv: lenient mode', () => {
  it('turns bad cells into NaN and bad rows into skipped rows, one warning each, ordered by file and line', async () => {
    const dir = prices({
      'B.csv': `${HEADER}\n2020-01-02,1,1,1,oops,1\n2020-01-03,1,1,1,2,-4\n2020-01-03,9,9,9,9,9\n2020-13-01,1,1,1,1,1\n2020-01-06,1`,
      'A.csv': `${HEADER}\n2020-01-02,1,1,1,3,1\n2020-01-01,1,1,1,1,1\n`,
    });
    const { panel, warnings } = await loadPanelFromCsv({ pricesDir: dir, lenient: true });
    expect(warnings).toEqual([
      {
        file: 'prices/A.csv',
        line: 3,
        message: 'prices/A.csv line 3: date "2020-01-01" is earlier than 2020-01-02 on line 2 (dates must ascend); row skipped',
      },
      { file: 'prices/B.csv', line: 2, message: 'prices/B.csv line 2: close "oops" is not a number; cell set to NaN' },
      {
        file: 'prices/B.csv',
        line: 3,
        message: 'prices/B.csv line 3: volume "-4" is negative (expected a number >= 0); cell set to NaN',
      },
      { file: 'prices/B.csv', line: 4, message: 'prices/B.csv line 4: date "2020-01-03" repeats the date of line 3; row skipped' },
      {
        file: 'prices/B.csv',
        line: 5,
        message: 'prices/B.csv line 5: date "2020-13-01" is not a valid ISO date (expected YYYY-MM-DD); row skipped',
      },
      {
        file: 'prices/B.csv',
        line: 6,
        message: 'prices/B.csv line 6: expected 6 fields as in the header, found 2 ("2020-01-06,1"); row skipped',
      },
    ]);
    expect(Array.from(panel.dates)).toEqual([20200102, 20200103]);
    expect(Array.from(panel.close)).toEqual([3, Number.NaN, Number.NaN, 2]);
    expect(Array.from(panel.volume)).toEqual([1, 1, Number.NaN, Number.NaN]);
    expect(Array.from(panel.open)).toEqual([1, 1, Number.NaN, 1]);
  });

  it('still fails on a missing column', async () => {
    const error = await loadError({ pricesDir: prices({ 'X.csv': 'date,close\n2020-01-02,1\n' }), lenient: true });
    expect(error).toBeInstanceOf(CsvHeaderError);
  });

  it('gives the same panel as a strict load on clean files, with no warnings', async () => {
    const dir = prices({ 'X.csv': `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n`, 'Y.csv': `${HEADER}\n2020-01-03,1,1,1,1,1\n` });
    const strict = await loadPanelFromCsv({ pricesDir: dir });
    const lenient = await loadPanelFromCsv({ pricesDir: dir, lenient: true });
    expect(lenient.warnings).toEqual([]);
    expect(lenient.panel).toEqual(strict.panel);
    expect(lenient.fingerprint).toBe(strict.fingerprint);
  });
});

describe('loadPanelFromCsv: the real S&P 500 folder', () => {
  it('loads 505 symbols x 1,259 dates with no error and the known cells', async () => {
    const { panel, warnings, fingerprint } = await loadPanelFromCsv({ pricesDir: SP500_PRICES });
    expect(warnings).toEqual([]);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(panel.nSymbols).toBe(505);
    expect(panel.nDates).toBe(1259);
    expect(panel.symbols.slice(0, 4)).toEqual(['A', 'AAL', 'AAP', 'AAPL']);
    expect(panel.dates[0]).toBe(20130208);
    expect(panel.dates[1258]).toBe(20180207);
    // First row of AAL_data.csv: 2013-02-08,15.07,15.12,14.63,14.75,8407500
    const aal = 1;
    expect([panel.open[aal], panel.high[aal], panel.low[aal], panel.close[aal], panel.volume[aal]]).toEqual([
      15.07, 15.12, 14.63, 14.75, 8407500,
    ]);
    // DHR_data.csv line 723: 2016-01-12,,,,88.55,0 (empty open/high/low, zero volume).
    expect(cell(panel, panel.open, 20160112, 'DHR')).toBeNaN();
    expect(cell(panel, panel.high, 20160112, 'DHR')).toBeNaN();
    expect(cell(panel, panel.close, 20160112, 'DHR')).toBe(88.55);
    expect(cell(panel, panel.volume, 20160112, 'DHR')).toBe(0);
    // LNT's bad close is kept as it is.
    expect(cell(panel, panel.close, 20160519, 'LNT')).toBe(17.87);
    // FTV lists late (first row 2016-07-01): earlier rows are NaN.
    expect(cell(panel, panel.close, 20160630, 'FTV')).toBeNaN();
    expect(cell(panel, panel.close, 20160701, 'FTV')).toBe(49.54);
    expect(cell(panel, panel.close, 20180207, 'ZTS')).toBe(73.86);
  });
});
