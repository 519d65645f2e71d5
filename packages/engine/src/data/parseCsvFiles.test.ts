import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Panel } from './Panel.js';
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
};
let dist: Dist;

async function importDist(name: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path.join(DIST, `${name}.js`)).href)) as Record<string, unknown>;
}

beforeAll(async () => {
  expect(existsSync(path.join(DIST, 'parseCsvWorker.js'))).toBe(true);
  const names = ['parseCsvFiles', 'buildPanel', 'buildPanelInParallel', 'listDataSources', 'readDataFiles', 'loadPanelFromCsv'];
  const modules = await Promise.all(names.map(importDist));
  dist = Object.assign({}, ...modules) as Dist;
});

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A prices folder of `count` symbols (S000..), 200 rows each; `bad` replaces whole files by index. */
function makePrices(count: number, bad: Record<number, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-parallel-'));
  tempDirs.push(dir);
  for (let s = 0; s < count; s++) {
    const symbol = `S${String(s).padStart(3, '0')}`;
    let text = `${HEADER}\n`;
    for (let d = 0; d < 200; d++) {
      const date = new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10);
      const p = (10 + s + d / 7).toFixed(4);
      text += `${date},${p},${p},${p},${p},${1000 + d},${symbol}\n`;
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

describe('parseCsvFiles in worker threads (compiled module)', () => {
  it('builds the S&P 500 panel byte for byte as the single-thread path', async () => {
    const sources = await dist.listDataSources({ pricesDir: SP500_PRICES });
    const contents = await dist.readDataFiles(sources);
    const single = dist.buildPanel({ sources, bytes: contents.bytes, lenient: false });
    const parallel = await dist.buildPanelInParallel({ sources, bytes: contents.bytes, lenient: false });
    expect(parallel.panel.symbols).toEqual(single.panel.symbols);
    expect(parallel.panel.nDates).toBe(1259);
    expect(parallel.panel.marketCap).toBeNull();
    const a = panelBytes(single.panel);
    const b = panelBytes(parallel.panel);
    for (let k = 0; k < a.length; k++) expect(b[k]!.equals(a[k]!)).toBe(true);
    expect(parallel.warnings).toEqual(single.warnings);

    const files = sources.prices.map((file) => ({ file: file.display, bytes: contents.bytes.get(file.key)! }));
    const parsed = await dist.parseCsvFiles({ files, columns: COLUMNS, lenient: false });
    expect(parsed.threads).toBe(EXPECTED_THREADS);

    const loaded = await dist.loadPanelFromCsv({ pricesDir: SP500_PRICES });
    expect(loaded.fingerprint).toBe(contents.fingerprint);
    const c = panelBytes(loaded.panel);
    for (let k = 0; k < a.length; k++) expect(c[k]!.equals(a[k]!)).toBe(true);
  });

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
});
