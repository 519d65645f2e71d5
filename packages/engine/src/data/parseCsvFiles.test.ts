import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoadWarning } from './LoadedPanel.js';
import type { Panel } from './Panel.js';
import type { NumericCsv } from './readNumericCsv.js';
import { sharedPath } from '../testing/sharedPath.js';

// The parallel path needs the compiled worker, so these tests run the compiled modules in
// dist/ (brought up to date by vitest's global setup, `tsc -b`).
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/data');
const SP500_PRICES = sharedPath('data/sp500-5yr/prices');
const HEADER = 'date,open,high,low,close,volume,Name';
const COLUMNS = ['open', 'high', 'low', 'close', 'volume'];
const FORCE = { minFiles: 64, minBytes: 0 } as const;
const EXPECTED_THREADS = Math.min(availableParallelism(), 4);

type Dist = {
  parseCsvFiles: typeof import('./parseCsvFiles.js').parseCsvFiles;
  buildPanel: typeof import('./buildPanel.js').buildPanel;
  buildPanelInParallel: typeof import('./buildPanelInParallel.js').buildPanelInParallel;
  listDataSources: typeof import('./listDataSources.js').listDataSources;
  readDataFiles: typeof import('./readDataFiles.js').readDataFiles;
  loadPanelFromCsv: typeof import('./loadPanelFromCsv.js').loadPanelFromCsv;
  readNumericCsvWithCsvParse: typeof import('./readNumericCsvWithCsvParse.js').readNumericCsvWithCsvParse;
};
let dist: Dist;

async function importDist(name: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path.join(DIST, `${name}.js`)).href)) as Record<string, unknown>;
}

beforeAll(async () => {
  expect(existsSync(path.join(DIST, 'parseCsvWorker.js'))).toBe(true);
  const names = ['parseCsvFiles', 'buildPanel', 'buildPanelInParallel', 'listDataSources', 'readDataFiles', 'loadPanelFromCsv', 'readNumericCsvWithCsvParse'];
  const modules = await Promise.all(names.map(importDist));
  dist = Object.assign({}, ...modules) as Dist;
});

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A prices folder of `count` symbols (S000..), 200 rows each; `bad` replaces whole files by index.
 * The Name field is quoted in the files `quoted` picks (all by default), so the fast scanner
 * declines them and they go through csv-parse, on worker threads when there are many.
 */
function makePrices(count: number, bad: Record<number, string> = {}, quoted: (index: number) => boolean = () => true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-parallel-'));
  tempDirs.push(dir);
  for (let s = 0; s < count; s++) {
    const symbol = `S${String(s).padStart(3, '0')}`;
    let text = `${HEADER}\n`;
    for (let d = 0; d < 200; d++) {
      const date = new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10);
      const p = (10 + s + d / 7).toFixed(4);
      text += `${date},${p},${p},${p},${p},${1000 + d},${quoted(s) ? `"${symbol}"` : symbol}\n`;
    }
    writeFileSync(path.join(dir, `${symbol}_data.csv`), bad[s] ?? text);
  }
  return dir;
}

function filesOf(dir: string): { file: string; bytes: Uint8Array }[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ file: `prices/${name}`, bytes: readFileSync(path.join(dir, name)) }));
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

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => ({ noError: true }),
    (error: unknown) => describeError(error),
  );
}

function panelBytes(panel: Panel): Buffer[] {
  const arrays = [panel.dates, panel.open, panel.high, panel.low, panel.close, panel.volume];
  return arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

function csvBytes(csv: NumericCsv): unknown {
  const hex = (a: Int32Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return { nRows: csv.nRows, dates: hex(csv.dates), lines: hex(csv.lines), values: csv.values.map(hex) };
}

describe('parseCsvFiles on the S&P 500 folder (compiled module)', () => {
  it('reads every file with the fast scanner, each file and the panel byte for byte as csv-parse', async () => {
    const sources = await dist.listDataSources({ pricesDir: SP500_PRICES });
    const contents = await dist.readDataFiles(sources);
    const files = sources.prices.map((file) => ({ file: file.display, bytes: contents.bytes.get(file.key)! }));
    const parsed = await dist.parseCsvFiles({ files, columns: COLUMNS, lenient: false });
    expect(parsed.csvParseFiles).toBe(0);
    expect(parsed.threads).toBe(1);
    expect(parsed.warnings).toEqual([]);

    const warnings: LoadWarning[] = [];
    const csvs = files.map(({ file, bytes }) => dist.readNumericCsvWithCsvParse({ file, bytes, columns: COLUMNS, lenient: true, warnings }));
    expect(warnings).toEqual([]);
    expect(parsed.csvs).toHaveLength(505);
    for (let k = 0; k < files.length; k++) expect(csvBytes(parsed.csvs[k]!)).toEqual(csvBytes(csvs[k]!));

    const slow = dist.buildPanel({ sources, bytes: contents.bytes, lenient: false, prices: { csvs, warnings } });
    const fast = await dist.buildPanelInParallel({ sources, bytes: contents.bytes, lenient: false });
    const loaded = await dist.loadPanelFromCsv({ pricesDir: SP500_PRICES });
    expect(loaded.fingerprint).toBe(contents.fingerprint);
    for (const panel of [fast.panel, loaded.panel]) {
      expect(panel.symbols).toEqual(slow.panel.symbols);
      expect(panel.nDates).toBe(1259);
      expect(panel.marketCap).toBeNull();
      const a = panelBytes(slow.panel);
      const b = panelBytes(panel);
      for (let k = 0; k < a.length; k++) expect(b[k]!.equals(a[k]!)).toBe(true);
    }
    // The known empty cells (data README: open 11, high 8, low 8) are NaN in both.
    expect(slow.panel.open.filter(Number.isNaN).length).toBe(fast.panel.open.filter(Number.isNaN).length);
    expect(fast.warnings).toEqual([]);
  });
});

describe('parseCsvFiles in worker threads (compiled module)', () => {
  it('keeps small folders on the calling thread by default', async () => {
    const parsed = await dist.parseCsvFiles({ files: filesOf(makePrices(8)), columns: COLUMNS, lenient: false });
    expect(parsed.threads).toBe(1);
    expect(parsed.csvs).toHaveLength(8);
  });

  const badRow = (line: string): string => `${HEADER}\n2020-01-01,1,1,1,1,1,X\n${line}\n2020-01-05,1,1,1,1,1,X\n`;
  const cases: [string, Record<number, string>][] = [
    ['a bad number in a file in the middle', { 50: badRow('2020-01-02,1,abc,1,1,1,X') }],
    ['a missing column in a file in the middle', { 50: 'date,open,high,low,close,Name\n2020-01-01,1,1,1,1,X\n' }],
    ['an unclosed quote in a file in the middle', { 50: badRow('2020-01-02,"1,1,1,1,1,X') }],
    ['two failing files in the worker chunk (the first one wins)', { 60: badRow('2020-01-02,1,1,1,-1,1,X'), 90: badRow('x,1,1,1,1,1,X') }],
    ['failing files in the first and the last chunk (the first one wins)', { 10: badRow('2020-01-02,1,1,1,1,1'), 95: badRow('bad') }],
    ['a failing last file only', { 99: badRow('2020-01-01,1,1,1,1,1,X') }],
  ];
  it.each(cases)('throws the single-thread error for %s', async (_name, bad) => {
    const files = filesOf(makePrices(100, bad));
    const single = await errorOf(() => dist.parseCsvFiles({ files, columns: COLUMNS, lenient: false, parallel: { maxThreads: 1 } }));
    const parallel = await errorOf(() => dist.parseCsvFiles({ files, columns: COLUMNS, lenient: false, parallel: FORCE }));
    expect((single as { class?: string }).class).toMatch(/^Csv(Row|Header|Syntax)Error$/);
    expect(parallel).toEqual(single);
  });

  it('parses a many-file folder on several threads with the lenient warnings in file order', async () => {
    const files = filesOf(
      makePrices(100, {
        5: badRow('2020-01-02,1,abc,1,-2,1,X'),
        49: badRow('2020-01-01,1,1,1,1,1,X'),
        50: badRow('2020-01-02,1,1,1,1'),
        97: badRow('2020-01-02,1,,1,1e999,1,X'),
      }),
    );
    const single = await dist.parseCsvFiles({ files, columns: COLUMNS, lenient: true, parallel: { maxThreads: 1 } });
    const parallel = await dist.parseCsvFiles({ files, columns: COLUMNS, lenient: true, parallel: FORCE });
    expect(single.threads).toBe(1);
    expect(parallel.threads).toBe(EXPECTED_THREADS);
    expect(single.warnings).toHaveLength(5);
    expect(parallel.warnings).toEqual(single.warnings);
    expect(parallel.csvs).toHaveLength(100);
    for (let k = 0; k < files.length; k++) {
      const a = single.csvs[k]!;
      const b = parallel.csvs[k]!;
      expect(b.nRows).toBe(a.nRows);
      expect(Buffer.from(b.dates.buffer, b.dates.byteOffset, b.dates.byteLength).equals(Buffer.from(a.dates.buffer, a.dates.byteOffset, a.dates.byteLength))).toBe(true);
      expect(Array.from(b.lines)).toEqual(Array.from(a.lines));
      for (let c = 0; c < COLUMNS.length; c++) {
        const x = a.values[c]!;
        const y = b.values[c]!;
        expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength))).toBe(true);
      }
    }
  });

  it('merges scanner-read files and csv-parse files (on worker threads) in file order, as a csv-parse loop', async () => {
    const files = filesOf(
      makePrices(
        150,
        { 4: badRow('2020-01-02,1,abc,1,-2,1,X'), 70: badRow('2020-01-01,1,1,1,1,1,X'), 149: badRow('2020-01-02,1,1,1,1') },
        (index) => index % 2 === 0,
      ),
    );
    for (const lenient of [true, false]) {
      const warnings: LoadWarning[] = [];
      const loop = await errorOf(async () =>
        files.map(({ file, bytes }) => dist.readNumericCsvWithCsvParse({ file, bytes, columns: COLUMNS, lenient, warnings })),
      );
      const run = (): ReturnType<typeof dist.parseCsvFiles> => dist.parseCsvFiles({ files, columns: COLUMNS, lenient, parallel: FORCE });
      if (!lenient) {
        expect((loop as { class?: string }).class).toBe('CsvRowError');
        expect(await errorOf(run)).toEqual(loop);
        continue;
      }
      const csvs = files.map(({ file, bytes }) => dist.readNumericCsvWithCsvParse({ file, bytes, columns: COLUMNS, lenient, warnings: [] }));
      const parsed = await run();
      expect(parsed.csvParseFiles).toBe(76); // the 75 quoted files (bad files 4 and 70 among them) and bad file 149
      expect(parsed.threads).toBe(EXPECTED_THREADS);
      expect(parsed.warnings).toEqual(warnings);
      expect(warnings).toHaveLength(4);
      expect(parsed.csvs.map(csvBytes)).toEqual(csvs.map(csvBytes));
    }
  });
});
