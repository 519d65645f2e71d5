import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvRowError } from '../errors.js';
import { loadPanel } from './loadPanel.js';
import type { LoadPanelCachedOptions } from './loadPanel.js';
import { loadPanelFromCsv } from './loadPanelFromCsv.js';
import type { Panel } from './Panel.js';

/*
 * The nightly load (issue "Nightly runs that can be trusted"): files that only gained rows
 * grow the cached panel by those rows, and give exactly the panel and fingerprint a parse of
 * the whole files gives; anything else falls back to that parse, with its errors.
 */

const HEADER = 'date,open,high,low,close,volume';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(files: Record<string, string>, caps?: Record<string, string>): LoadPanelCachedOptions & { pricesDir: string; cacheDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'wf-append-'));
  tempDirs.push(root);
  const pricesDir = path.join(root, 'prices');
  mkdirSync(pricesDir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(pricesDir, name), text);
  if (caps === undefined) return { pricesDir, cacheDir: path.join(root, 'cache') };
  const marketCapsDir = path.join(root, 'caps');
  mkdirSync(marketCapsDir);
  for (const [name, text] of Object.entries(caps)) writeFileSync(path.join(marketCapsDir, name), text);
  return { pricesDir, cacheDir: path.join(root, 'cache'), marketCapsDir };
}

function fieldBytes(panel: Panel): Buffer {
  const arrays = [panel.dates, panel.open, panel.high, panel.low, panel.close, panel.volume];
  if (panel.marketCap !== null) arrays.push(panel.marketCap);
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

/** loadPanel through the cache gives what a parse of the whole files gives: panel and fingerprint. */
async function expectLikeFullParse(options: LoadPanelCachedOptions, source: 'appended' | 'csv' | 'cache'): Promise<void> {
  const loaded = await loadPanel(options);
  const parsed = await loadPanelFromCsv({ ...options });
  expect(loaded.source).toBe(source);
  expect(loaded.fingerprint).toBe(parsed.fingerprint);
  expect(loaded.panel.symbols).toEqual(parsed.panel.symbols);
  expect([loaded.panel.nDates, loaded.panel.nSymbols]).toEqual([parsed.panel.nDates, parsed.panel.nSymbols]);
  expect(fieldBytes(loaded.panel).equals(fieldBytes(parsed.panel))).toBe(true);
}

const A = `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,,,,1.75,0\n`;
const B = `${HEADER}\n2020-01-03,10,11,9,10.5,7\n`;
const C = `${HEADER}\n2020-01-02,5,5,5,5,5\n`;

describe('loadPanel on files that gained rows', () => {
  it('grows the cached panel by the new rows: new dates, a symbol without them, an empty field', async () => {
    const options = setup({ 'A.csv': A, 'B_data.csv': B, 'C.csv': C });
    expect((await loadPanel(options)).source).toBe('csv');
    appendFileSync(path.join(options.pricesDir, 'A.csv'), '2020-01-06,2,2,2,2,200\n2020-01-08,3,3,3,,300\n');
    appendFileSync(path.join(options.pricesDir, 'B_data.csv'), '2020-01-07,12,12,12,12,12\n');
    await expectLikeFullParse(options, 'appended');
    // The grown panel was written: the same files again are a cache hit.
    await expectLikeFullParse(options, 'cache');
    appendFileSync(path.join(options.pricesDir, 'C.csv'), '2020-01-09,6,6,6,6,6\n');
    await expectLikeFullParse(options, 'appended');
  });

  it('grows CRLF files, files with blank lines and market caps', async () => {
    const crlf = (text: string): string => text.replaceAll('\n', '\r\n');
    const options = setup({ 'A.csv': crlf(A), 'B.csv': `${B}\n` }, { 'A.csv': 'date,market_cap\n2020-01-02,7\n' });
    expect((await loadPanel(options)).source).toBe('csv');
    appendFileSync(path.join(options.pricesDir, 'A.csv'), crlf('2020-01-06,2,2,2,2,200\n'));
    appendFileSync(path.join(options.pricesDir, 'B.csv'), '2020-01-06,1,1,1,1,1\n\n2020-01-07,1,1,1,1,1\n');
    appendFileSync(path.join(options.marketCapsDir as string, 'A.csv'), '2020-01-07,8\n');
    await expectLikeFullParse(options, 'appended');
  });

  it('parses the whole files when a base row was revised, a symbol added, or a file had no final line break', async () => {
    const revised = setup({ 'A.csv': A, 'B.csv': B });
    await loadPanel(revised);
    writeFileSync(path.join(revised.pricesDir, 'A.csv'), `${A.replace('1.5,100', '1.6,100')}2020-01-06,2,2,2,2,200\n`);
    await expectLikeFullParse(revised, 'csv');

    const added = setup({ 'A.csv': A, 'B.csv': B });
    await loadPanel(added);
    appendFileSync(path.join(added.pricesDir, 'A.csv'), '2020-01-06,2,2,2,2,200\n');
    writeFileSync(path.join(added.pricesDir, 'C.csv'), C);
    await expectLikeFullParse(added, 'csv');

    const unterminated = setup({ 'A.csv': A.trimEnd(), 'B.csv': B });
    await loadPanel(unterminated);
    appendFileSync(path.join(unterminated.pricesDir, 'A.csv'), '\n2020-01-06,2,2,2,2,200\n');
    await expectLikeFullParse(unterminated, 'csv');
  });

  it('a new row dated inside the panel is parsed in full; a bad or repeated new row is the full parse\'s error with its line', async () => {
    const early = setup({ 'A.csv': A, 'B.csv': B });
    await loadPanel(early);
    // B's new row comes after B's own last date but before the panel's (A's 2020-01-06): a date inserted into the calendar.
    appendFileSync(path.join(early.pricesDir, 'A.csv'), '2020-01-06,2,2,2,2,200\n');
    await loadPanel(early);
    appendFileSync(path.join(early.pricesDir, 'B.csv'), '2020-01-04,1,1,1,1,1\n');
    await expectLikeFullParse(early, 'csv');

    const bad = setup({ 'A.csv': A, 'B.csv': B });
    await loadPanel(bad);
    appendFileSync(path.join(bad.pricesDir, 'A.csv'), '2020-01-06,2,2,2,2,200\n2020-01-07,x,2,2,2,200\n');
    const error = await loadPanel(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvRowError);
    expect((error as CsvRowError).line).toBe(5);
    expect((error as Error).message).toContain('prices/A.csv');
    const unsorted = setup({ 'A.csv': A, 'B.csv': B });
    await loadPanel(unsorted);
    appendFileSync(path.join(unsorted.pricesDir, 'A.csv'), '2020-01-06,2,2,2,2,200\n2020-01-06,2,2,2,2,200\n');
    const duplicate = await loadPanel(unsorted).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(CsvRowError);
    expect((duplicate as CsvRowError).line).toBe(5);
  });
});
