import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvRowError, DataNotFoundError } from '../errors.js';
import { identifyPanel } from './identifyPanel.js';
import type { PanelIdentity } from './identifyPanel.js';
import type { LoadedPanel } from './LoadedPanel.js';
import { loadPanel } from './loadPanel.js';
import { panelCacheFile, waitPastRacyMargin } from '../testing/panelCacheTesting.js';
import { sharedPath } from '../testing/sharedPath.js';

const HEADER = 'date,open,high,low,close,volume';
const SP500_PRICES = sharedPath('data/sp500-5yr/prices');
const FILES = {
  'A.csv': `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,,,,1.75,0\n2020-01-06,1,2,0.5,1.5,100\n`,
  'B_data.csv': `${HEADER}\n2020-01-03,10,11,9,10.5,7\n`,
};

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-identify-'));
  tempDirs.push(dir);
  return dir;
}

/** A prices folder whose files have an mtime an hour old and an empty cache folder (their ctime is now: see waitPastRacyMargin). */
function setup(files: Record<string, string>): { pricesDir: string; cacheDir: string } {
  const root = tempDir();
  const pricesDir = path.join(root, 'prices');
  mkdirSync(pricesDir);
  const past = new Date(Date.now() - 3_600_000);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(pricesDir, name), text);
    utimesSync(path.join(pricesDir, name), past, past);
  }
  return { pricesDir, cacheDir: path.join(root, 'cache') };
}

function expectIdentityOf(identity: PanelIdentity, loaded: LoadedPanel): void {
  expect(identity.fingerprint).toBe(loaded.fingerprint);
  expect([identity.nDates, identity.nSymbols]).toEqual([loaded.panel.nDates, loaded.panel.nSymbols]);
  expect(Array.from(identity.dates)).toEqual(Array.from(loaded.panel.dates));
}

describe('identifyPanel', () => {
  it('on a cold cache parses the CSVs, writes the entry, and matches the full load', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const identity = await identifyPanel({ pricesDir, cacheDir });
    expect(identity.source).toBe('csv');
    const loaded = await loadPanel({ pricesDir, cacheDir });
    expect(loaded.source).toBe('cache');
    expectIdentityOf(identity, loaded);
    expect(Array.from(identity.dates)).toEqual([20200102, 20200103, 20200106]);
  });

  it('on a warm cache reads the header and dates only, equal to the full load', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const loaded = await loadPanel({ pricesDir, cacheDir });
    const identity = await identifyPanel({ pricesDir, cacheDir });
    expect(identity.source).toBe('cache');
    expectIdentityOf(identity, loaded);
  });

  it('without a cache folder or with refreshCache is the full load', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const loaded = await loadPanel({ pricesDir, cacheDir });
    const uncached = await identifyPanel({ pricesDir, cacheDir: null });
    const refreshed = await identifyPanel({ pricesDir, cacheDir, refreshCache: true });
    expect([uncached.source, refreshed.source]).toEqual(['csv', 'csv']);
    expectIdentityOf(uncached, loaded);
    expectIdentityOf(refreshed, loaded);
  });

  it('rebuilds an entry whose dates block was altered instead of trusting it', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    const loaded = await loadPanel({ pricesDir, cacheDir });
    const file = panelCacheFile(cacheDir, loaded.fingerprint);
    const bytes = readFileSync(file);
    bytes[160] = bytes[160]! ^ 0x01; // first date
    writeFileSync(file, bytes);
    const identity = await identifyPanel({ pricesDir, cacheDir });
    expect(identity.source).toBe('csv');
    expectIdentityOf(identity, loaded);
    expect((await identifyPanel({ pricesDir, cacheDir })).source).toBe('cache');
  });

  it('serves the header of an entry with an altered value, which the next full load detects and rebuilds', async () => {
    const { pricesDir, cacheDir } = setup(FILES);
    await waitPastRacyMargin(pricesDir);
    const loaded = await loadPanel({ pricesDir, cacheDir });
    const file = panelCacheFile(cacheDir, loaded.fingerprint);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01; // inside the values
    writeFileSync(file, bytes);
    const identity = await identifyPanel({ pricesDir, cacheDir });
    expect(identity.source).toBe('cache');
    expectIdentityOf(identity, loaded);
    expect((await loadPanel({ pricesDir, cacheDir })).source).toBe('csv');
  });

  it('fails like loadPanel on bad data', async () => {
    const { pricesDir, cacheDir } = setup({ ...FILES, 'C.csv': `${HEADER}\n2020-01-02,1,1,1,bad,1\n` });
    await expect(identifyPanel({ pricesDir, cacheDir })).rejects.toBeInstanceOf(CsvRowError);
    await expect(identifyPanel({ pricesDir: path.join(pricesDir, 'nope'), cacheDir })).rejects.toBeInstanceOf(DataNotFoundError);
    expect(readdirSync(path.dirname(pricesDir))).not.toContain('cache');
  });

  it('gives the S&P 500 panel identity of the full load, warm and cold', async () => {
    const cacheDir = tempDir();
    const cold = await identifyPanel({ pricesDir: SP500_PRICES, cacheDir });
    const loaded = await loadPanel({ pricesDir: SP500_PRICES, cacheDir });
    const warm = await identifyPanel({ pricesDir: SP500_PRICES, cacheDir });
    expect([cold.source, loaded.source, warm.source]).toEqual(['csv', 'cache', 'cache']);
    expectIdentityOf(cold, loaded);
    expectIdentityOf(warm, loaded);
    expect([warm.nDates, warm.nSymbols]).toEqual([1259, 505]);
  });
});
