import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedPanel } from './LoadedPanel.js';
import type { Panel } from './Panel.js';
import { sharedPath } from '../testing/sharedPath.js';

// The worker threads need the compiled worker, so these tests run the compiled modules in
// dist/ (brought up to date by vitest's global setup, `tsc -b`): many price files are read,
// hashed, parsed and placed in the panel by worker threads (readDataFiles, parseCsvChunks,
// placeRowsInParallel); `parallel: { maxThreads: 1 }` reads them on the calling thread, and
// buildPanel parses and places them there: the sequential reference.
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/data');
const SP500_PRICES = sharedPath('data/sp500-5yr/prices');
const HEADER = 'date,open,high,low,close,volume';
const SEQUENTIAL = { parallel: { maxThreads: 1 } } as const;

type Dist = {
  buildPanel: typeof import('./buildPanel.js').buildPanel;
  listDataSources: typeof import('./listDataSources.js').listDataSources;
  readDataFiles: typeof import('./readDataFiles.js').readDataFiles;
  loadPanelFromCsv: typeof import('./loadPanelFromCsv.js').loadPanelFromCsv;
  loadPanel: typeof import('./loadPanel.js').loadPanel;
};
let dist: Dist;

beforeAll(async () => {
  expect(existsSync(path.join(DIST, 'parseCsvWorker.js'))).toBe(true);
  const names = ['buildPanel', 'listDataSources', 'readDataFiles', 'loadPanelFromCsv', 'loadPanel'];
  const modules = await Promise.all(names.map(async (name) => (await import(pathToFileURL(path.join(DIST, `${name}.js`)).href)) as Record<string, unknown>));
  dist = Object.assign({}, ...modules) as Dist;
});

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A prices folder of `count` symbols (S000..) of about 1,200 rows each (90: 5.3 MB in all, above
 * readDataFiles' default thresholds, so the workers run); a symbol's history starts later
 * the higher its index, so the calendar is a union. `bad` replaces whole files by index.
 */
function makePrices(count: number, bad: Record<number, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-workers-'));
  tempDirs.push(dir);
  for (let s = 0; s < count; s++) {
    const lines = [HEADER];
    for (let d = s % 7; d < 1200; d++) {
      const date = new Date(Date.UTC(2015, 0, 1 + d)).toISOString().slice(0, 10);
      const p = (10 + s + d / 7).toFixed(4);
      lines.push(d % 97 === 5 ? `${date},,${p},${p},${p},${1000 + d}` : `${date},${p},${p},${p},${p},${1000 + d}`);
    }
    writeFileSync(path.join(dir, `S${String(s).padStart(3, '0')}.csv`), bad[s] ?? `${lines.join('\n')}\n`);
  }
  return dir;
}

/** A sequential load: files read on this thread, then parsed and placed by buildPanel. */
async function sequentialLoad(pricesDir: string, lenient = false): Promise<LoadedPanel> {
  const sources = await dist.listDataSources({ pricesDir });
  const contents = await dist.readDataFiles(sources, SEQUENTIAL);
  expect(contents.chunks).toEqual([]);
  const { panel, warnings } = dist.buildPanel({ sources, bytes: contents.bytes, lenient });
  return { panel, fingerprint: contents.fingerprint, source: 'csv', warnings };
}

function fieldBytes(panel: Panel): Buffer {
  const arrays = [panel.dates, panel.open, panel.high, panel.low, panel.close, panel.volume];
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

function expectSameLoad(actual: LoadedPanel, expected: LoadedPanel): void {
  expect(actual.fingerprint).toBe(expected.fingerprint);
  expect(actual.panel.symbols).toEqual(expected.panel.symbols);
  expect([actual.panel.nDates, actual.panel.nSymbols]).toEqual([expected.panel.nDates, expected.panel.nSymbols]);
  expect(fieldBytes(actual.panel).equals(fieldBytes(expected.panel))).toBe(true);
  expect(actual.warnings).toEqual(expected.warnings);
}

/** Everything observable about an error: class, message, own fields and cause. */
async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof Error)) return { notAnError: error };
    const cause = error.cause as (Error & Record<string, unknown>) | undefined;
    return {
      class: error.constructor.name,
      message: error.message,
      fields: { ...error, cause: undefined },
      cause: cause === undefined ? null : { class: cause.constructor.name, message: cause.message, fields: { ...cause } },
    };
  }
  return { noError: true };
}

const badRows = (row: string): string => `${HEADER}\n2015-01-01,1,1,1,1,1\n${row}\n2015-01-05,1,1,1,1,1\n`;

describe('the cold load on worker threads (compiled modules)', () => {
  it('reads, hashes and parses the S&P 500 folder to the fingerprint and panel of a sequential load', async () => {
    const sources = await dist.listDataSources({ pricesDir: SP500_PRICES });
    const sequential = await dist.readDataFiles(sources, SEQUENTIAL);
    const read = await dist.readDataFiles(sources);
    expect(read.chunks.length).toBeGreaterThan(1);
    expect(read.fingerprint).toBe(sequential.fingerprint);
    expect([...read.sha256]).toEqual([...sequential.sha256]);
    for (const [key, bytes] of sequential.bytes) expect(read.bytes.get(key)!.equals(bytes)).toBe(true);
    const parsed = await dist.readDataFiles(sources, { parse: { columns: ['open', 'high', 'low', 'close', 'volume'], lenient: false } });
    expect(parsed.parsedPrices!.length).toBeGreaterThan(1);
    expect(parsed.fingerprint).toBe(sequential.fingerprint);

    const expected = await sequentialLoad(SP500_PRICES);
    expectSameLoad(await dist.loadPanelFromCsv({ pricesDir: SP500_PRICES }), expected);
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'wf-workers-cache-'));
    tempDirs.push(cacheDir);
    const cold = await dist.loadPanel({ pricesDir: SP500_PRICES, cacheDir });
    expect(cold.source).toBe('csv');
    expectSameLoad(cold, expected);
  });

  it('gives a union calendar folder the panel and fingerprint of a sequential load', async () => {
    const dir = makePrices(90);
    const read = await dist.readDataFiles(await dist.listDataSources({ pricesDir: dir }));
    expect(read.chunks.length).toBeGreaterThan(1);
    const expected = await sequentialLoad(dir);
    expect(expected.panel.nDates).toBe(1200);
    expectSameLoad(await dist.loadPanelFromCsv({ pricesDir: dir }), expected);
  });

  const cases: [string, Record<number, string>][] = [
    ['a bad number in a later file', { 60: badRows('2015-01-02,1,abc,1,1,1') }],
    ['a wrong field count in the last file', { 89: badRows('2015-01-02,1,1,1') }],
    ['a quoted, unsorted date in the first file', { 0: badRows('"2014-12-31",1,1,1,1,1') }],
    ['failing files in the first and the last chunk (the first one wins)', { 3: badRows('2015-01-02,1,1,1,-1,1'), 86: badRows('x,1,1,1,1,1') }],
    ['a missing column in a file in the middle', { 35: 'date,open,high,low,close\n2015-01-01,1,1,1,1\n' }],
  ];
  it.each(cases)('throws the sequential error for %s', async (_name, bad) => {
    const dir = makePrices(90, bad);
    const sequential = await errorOf(() => sequentialLoad(dir));
    expect((sequential as { class?: string }).class).toMatch(/^Csv(Row|Header|Syntax)Error$/);
    expect(await errorOf(() => dist.loadPanelFromCsv({ pricesDir: dir }))).toEqual(sequential);
    const cacheDir = path.join(dir, '..', `${path.basename(dir)}-cache`);
    tempDirs.push(cacheDir);
    expect(await errorOf(() => dist.loadPanel({ pricesDir: dir, cacheDir }))).toEqual(sequential);
  });

  it('turns the row errors of several files into the sequential warnings, in file order', async () => {
    const dir = makePrices(90, { 2: badRows('2015-01-02,1,abc,1,-2,1'), 40: badRows('2015-01-01,1,1,1,1,1'), 88: badRows('2015-01-02,1,1,1') });
    const expected = await sequentialLoad(dir, true);
    expect(expected.warnings).toHaveLength(4);
    expectSameLoad(await dist.loadPanelFromCsv({ pricesDir: dir, lenient: true }), expected);
  });

  it('reports a price file it cannot read as a sequential read does', async () => {
    const dir = makePrices(90);
    rmSync(path.join(dir, 'S050.csv'));
    mkdirSync(path.join(dir, 'folder'));
    symlinkSync(path.join(dir, 'folder'), path.join(dir, 'S050.csv')); // a link to a folder: listed, EISDIR on read
    const sources = await dist.listDataSources({ pricesDir: dir });
    const sequential = await errorOf(() => dist.readDataFiles(sources, SEQUENTIAL));
    expect((sequential as { class?: string }).class).toBe('DataUnreadableError');
    expect(await errorOf(() => dist.readDataFiles(sources))).toEqual(sequential);
  });

  it('grows the cached panel by appended rows, and rebuilds a revised folder from the worker-read text', async () => {
    const dir = makePrices(90);
    const cacheDir = path.join(dir, '..', `${path.basename(dir)}-cache`);
    tempDirs.push(cacheDir);
    expect((await dist.loadPanel({ pricesDir: dir, cacheDir })).source).toBe('csv');
    for (const name of readdirSync(dir)) appendFileSync(path.join(dir, name), '2018-12-31,5,5,5,5,5\n');
    const appended = await dist.loadPanel({ pricesDir: dir, cacheDir });
    expect(appended.source).toBe('appended');
    expectSameLoad(appended, await sequentialLoad(dir));
    // A revised row: not an append, so every file is parsed again, from the text the workers read.
    writeFileSync(path.join(dir, 'S010.csv'), badRows('2015-01-02,2,2,2,2,2'));
    const revised = await dist.loadPanel({ pricesDir: dir, cacheDir });
    expect(revised.source).toBe('csv');
    expectSameLoad(revised, await sequentialLoad(dir));
  });
});
