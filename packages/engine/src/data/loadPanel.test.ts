import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvRowError, FileWriteError } from '../errors.js';
import { containerPayloadStart } from '../cache/container/cacheContainer.js';
import { loadPanel } from './loadPanel.js';
import { loadPanelFromCsv } from './loadPanelFromCsv.js';
import type { Panel } from './Panel.js';
import { panelCacheFile, waitPastRacyMargin } from '../testing/panelCacheTesting.js';
import { sharedPath } from '../testing/sharedPath.js';

const HEADER = 'date,open,high,low,close,volume';
const SP500_PRICES = sharedPath('data/sp500-5yr/prices');

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-load-'));
  tempDirs.push(dir);
  return dir;
}

/** A prices folder and an empty cache folder in a fresh temp root. */
function setup(files: Record<string, string>): { pricesDir: string; cacheDir: string } {
  const root = tempDir();
  const pricesDir = path.join(root, 'prices');
  mkdirSync(pricesDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(pricesDir, name), text);
  return { pricesDir, cacheDir: path.join(root, 'cache') };
}

/** Sets every file of a folder to an mtime well in the past, a whole second (exactly restorable with utimes). */
function ageFiles(dir: string): void {
  const past = Math.floor(Date.now() / 1000) - 3600;
  for (const name of readdirSync(dir)) utimesSync(path.join(dir, name), past, past);
}

function fieldBytes(panel: Panel): Buffer {
  const arrays = [panel.dates, panel.open, panel.high, panel.low, panel.close, panel.volume];
  if (panel.marketCap !== null) arrays.push(panel.marketCap);
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

function expectSamePanel(actual: Panel, expected: Panel): void {
  expect(actual.symbols).toEqual(expected.symbols);
  expect([actual.nDates, actual.nSymbols]).toEqual([expected.nDates, expected.nSymbols]);
  expect(actual.marketCap === null).toBe(expected.marketCap === null);
  expect(fieldBytes(actual).equals(fieldBytes(expected))).toBe(true);
}

const FILES = {
  'A.csv': `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,,,,1.75,0\n`,
  'B_data.csv': `${HEADER}\n2020-01-03,10,11,9,10.5,7\n`,
};

describe('loadPanel', () => {
  it('parses the CSVs without a cache folder', async () => {
    const { pricesDir } = setup(FILES);
    const loaded = await loadPanel({ pricesDir, cacheDir: null });
    expect(loaded.source).toBe('csv');
    expectSamePanel(loaded.panel, (await loadPanelFromCsv({ pricesDir })).panel);
  });

  it('serves the second load from the cache with the identical panel and fingerprint', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const first = await loadPanel({ pricesDir, cacheDir });
    const second = await loadPanel({ pricesDir, cacheDir });
    expect([first.source, second.source]).toEqual(['csv', 'cache']);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.warnings).toEqual([]);
    expectSamePanel(second.panel, first.panel);
    expect(existsSync(panelCacheFile(cacheDir, first.fingerprint))).toBe(true);
  });

  it('keeps market caps and a calendar through the cache', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const root = path.dirname(pricesDir);
    mkdirSync(path.join(root, 'caps'));
    writeFileSync(path.join(root, 'caps', 'B.csv'), 'date,market_cap\n2020-01-06,123\n');
    writeFileSync(path.join(root, 'calendar.csv'), 'date\n2020-01-02\n2020-01-03\n2020-01-06\n');
    const options = { pricesDir, cacheDir, marketCapsDir: path.join(root, 'caps'), calendarFile: path.join(root, 'calendar.csv') };
    const first = await loadPanel(options);
    const second = await loadPanel(options);
    expect(second.source).toBe('cache');
    expect(Array.from(second.panel.marketCap ?? [])).toEqual([NaN, NaN, NaN, NaN, NaN, 123]);
    expectSamePanel(second.panel, first.panel);
  });

  it('detects a cache file with a flipped byte, rebuilds it from the CSVs and serves it again', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const first = await loadPanel({ pricesDir, cacheDir });
    const file = panelCacheFile(cacheDir, first.fingerprint);
    const bytes = readFileSync(file);
    bytes[200] = bytes[200]! ^ 0xff;
    writeFileSync(file, bytes);
    const rebuilt = await loadPanel({ pricesDir, cacheDir });
    expect(rebuilt.source).toBe('csv');
    expectSamePanel(rebuilt.panel, first.panel);
    const again = await loadPanel({ pricesDir, cacheDir });
    expect(again.source).toBe('cache');
    expectSamePanel(again.panel, first.panel);
  });

  it('with fields, serves just those from the cache: a damaged field it reads is found and rebuilt from the CSVs, one it does not read changes no number', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const first = await loadPanel({ pricesDir, cacheDir });
    const file = panelCacheFile(cacheDir, first.fingerprint);
    const intact = readFileSync(file);
    const payloadStart = containerPayloadStart(intact) as number;
    const fieldBytes = first.panel.nDates * first.panel.nSymbols * 8;
    const same = (a: Float64Array, b: Float64Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    const recoveries: string[] = [];
    const load = () => loadPanel({ pricesDir, cacheDir, fields: ['close', 'volume'], onCacheRecovery: (recovery) => recoveries.push(recovery.reason) });

    const lean = await load();
    expect(lean.source).toBe('cache');
    expect([lean.panel.open.length, lean.panel.high.length, lean.panel.low.length]).toEqual([0, 0, 0]);
    expect(same(lean.panel.close, first.panel.close) && same(lean.panel.volume, first.panel.volume)).toBe(true);

    // Sections in stored order: open, high, low, close, volume.
    const damaged = Buffer.from(intact);
    damaged[payloadStart + 5] = damaged[payloadStart + 5]! ^ 0xff; // open
    writeFileSync(file, damaged);
    const unread = await load();
    expect([unread.source, recoveries]).toEqual(['cache', []]);
    expect(same(unread.panel.close, first.panel.close) && same(unread.panel.volume, first.panel.volume)).toBe(true);

    damaged[payloadStart + 3 * fieldBytes + 5] = damaged[payloadStart + 3 * fieldBytes + 5]! ^ 0xff; // close
    writeFileSync(file, damaged);
    const rebuilt = await load();
    expect(rebuilt.source).toBe('csv');
    expect(recoveries).toEqual(['field close checksum mismatch']);
    expectSamePanel(rebuilt.panel, first.panel);
    expect(readFileSync(file).equals(intact)).toBe(true);
  });

  it('detects a truncated cache file and rebuilds it', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const first = await loadPanel({ pricesDir, cacheDir });
    const file = panelCacheFile(cacheDir, first.fingerprint);
    truncateSync(file, readFileSync(file).length - 8);
    const rebuilt = await loadPanel({ pricesDir, cacheDir });
    expect(rebuilt.source).toBe('csv');
    expectSamePanel(rebuilt.panel, first.panel);
    expect((await loadPanel({ pricesDir, cacheDir })).source).toBe('cache');
  });

  it('gives a new fingerprint and fresh numbers when a data file changes', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const first = await loadPanel({ pricesDir, cacheDir });
    writeFileSync(path.join(pricesDir, 'B_data.csv'), `${HEADER}\n2020-01-03,10,11,9,10.25,7\n`);
    const second = await loadPanel({ pricesDir, cacheDir });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.source).toBe('csv');
    expect(second.panel.close[3]).toBe(10.25);
  });

  it('trusts the stat index for unchanged files (no hashing: the index is not rewritten), and refreshCache rereads them', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    ageFiles(pricesDir);
    await waitPastRacyMargin(pricesDir);
    const first = await loadPanel({ pricesDir, cacheDir });
    const [indexName] = readdirSync(path.join(cacheDir, 'panels')).filter((name) => name.startsWith('sources-'));
    const indexFile = path.join(cacheDir, 'panels', indexName!);
    const index = readFileSync(indexFile, 'utf8');
    const trusted = await loadPanel({ pricesDir, cacheDir });
    expect(trusted.source).toBe('cache');
    expect(trusted.fingerprint).toBe(first.fingerprint);
    expect(readFileSync(indexFile, 'utf8')).toBe(index);
    const refreshed = await loadPanel({ pricesDir, cacheDir, refreshCache: true });
    expect(refreshed.source).toBe('csv');
    expect(refreshed.fingerprint).toBe(first.fingerprint);
    expect(readFileSync(indexFile, 'utf8')).not.toBe(index);
  });

  it('detects an in-place rewrite of an old file whose size and mtime were put back (its ctime moved)', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    ageFiles(pricesDir);
    await waitPastRacyMargin(pricesDir);
    const first = await loadPanel({ pricesDir, cacheDir });
    expect(first.panel.close[3]).toBe(10.5);
    const file = path.join(pricesDir, 'B_data.csv');
    const { size, mtimeMs } = statSync(file, { bigint: false });
    writeFileSync(file, `${HEADER}\n2020-01-03,10,11,9,90.5,7\n`);
    utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([size, mtimeMs]);
    const second = await loadPanel({ pricesDir, cacheDir });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.source).toBe('csv');
    expect(second.panel.close[3]).toBe(90.5);
  });

  it('rehashes files modified moments before the last hashing, catching a same-size same-mtime edit', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const first = await loadPanel({ pricesDir, cacheDir });
    const file = path.join(pricesDir, 'B_data.csv');
    const { mtime } = statSync(file);
    writeFileSync(file, `${HEADER}\n2020-01-03,10,11,9,10.7,7\n`);
    utimesSync(file, mtime, mtime);
    const second = await loadPanel({ pricesDir, cacheDir });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.panel.close[3]).toBe(10.7);
  });

  it('never caches a lenient load with warnings, and a strict load of the same files still fails', async () => {
    const { pricesDir, cacheDir } = setup({ ...FILES, 'C.csv': `${HEADER}\n2020-01-02,1,1,1,bad,1\n` });
    const lenient = await loadPanel({ pricesDir, cacheDir, lenient: true });
    expect(lenient.warnings).toHaveLength(1);
    expect(lenient.source).toBe('csv');
    expect(existsSync(panelCacheFile(cacheDir, lenient.fingerprint))).toBe(false);
    expect((await loadPanel({ pricesDir, cacheDir, lenient: true })).source).toBe('csv');
    await expect(loadPanel({ pricesDir, cacheDir })).rejects.toBeInstanceOf(CsvRowError);
  });

  it('serves a clean lenient load from the cache a strict load built', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const strict = await loadPanel({ pricesDir, cacheDir });
    const lenient = await loadPanel({ pricesDir, cacheDir, lenient: true });
    expect(lenient.source).toBe('cache');
    expect(lenient.fingerprint).toBe(strict.fingerprint);
    expectSamePanel(lenient.panel, strict.panel);
  });

  it('fails with a FileWriteError when the cache folder cannot be created', async () => {
    const { pricesDir } = setup(FILES);
    const blocker = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder should be');
    await expect(loadPanel({ pricesDir, cacheDir: blocker })).rejects.toBeInstanceOf(FileWriteError);
    await expect(loadPanel({ pricesDir, cacheDir: blocker })).rejects.toMatchObject({ code: 'FILE_WRITE', what: 'panel cache file' });
  });

  it('round-trips the real S&P 500 panel through the cache byte for byte', async () => {
    const cacheDir = tempDir();
    const cold = await loadPanel({ pricesDir: SP500_PRICES, cacheDir });
    const warm = await loadPanel({ pricesDir: SP500_PRICES, cacheDir });
    expect([cold.source, warm.source]).toEqual(['csv', 'cache']);
    expect(warm.fingerprint).toBe(cold.fingerprint);
    expect([warm.panel.nDates, warm.panel.nSymbols]).toEqual([1259, 505]);
    expectSamePanel(warm.panel, cold.panel);
  });
});
