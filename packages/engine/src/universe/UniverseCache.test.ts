import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeReturns } from '../data/computeReturns.js';
import { createMarketContext } from '../engine/MarketContext.js';
import { generateSampleMarket } from '../sample/generateSampleMarket.js';
import { computeUniverse } from './computeUniverse.js';
import { InvalidUniverseConfigError, FileWriteError } from '../errors.js';
import { loadOrComputeUniverse } from './loadOrComputeUniverse.js';
import type { Universe, UniverseConfig } from './Universe.js';
import { decodeUniverse, encodeUniverse, UniverseCache } from './UniverseCache.js';
import { universeCacheKey } from './universeCacheKey.js';
import { engineCodeId } from '../identity/engineCodeId.js';

const FINGERPRINT = 'ab'.repeat(32);
const CONFIG: UniverseConfig = { minHistory: 20, minPrice: 5, minDollarVolume: 1e6, topN: null };
const TOP: UniverseConfig = { minHistory: 20, minPrice: 5, minDollarVolume: 1e6, topN: 10 };
const { panel } = generateSampleMarket({ symbols: 40, days: 150, seed: 3 });

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-universe-'));
  tempDirs.push(dir);
  return dir;
}

/** Every field of a universe as bytes (config as JSON), for exact comparison. */
function universeBytes(u: Universe): string {
  const hex = (a: Uint8Array | Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  return JSON.stringify([u.config, u.nDates, u.nSymbols, hex(u.status), hex(u.eligibleCount), hex(u.excludedCounts)]);
}

function entryFile(cacheDir: string, config: UniverseConfig): string {
  return new UniverseCache(cacheDir).pathOf(universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: engineCodeId().sha256, universe: config }));
}

const load = (cacheDir: string, config: UniverseConfig = CONFIG, refresh = false) =>
  loadOrComputeUniverse({ panel, dataFingerprint: FINGERPRINT, config, cacheDir, refresh });

describe('encodeUniverse / decodeUniverse', () => {
  it('round-trips every field of a universe, with and without topN', () => {
    for (const config of [CONFIG, TOP]) {
      const universe = computeUniverse(panel, config);
      const key = universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: engineCodeId().sha256, universe: config });
      const result = decodeUniverse({ bytes: encodeUniverse(universe, key), key, expected: { nDates: 150, nSymbols: 40, config } });
      expect(result.universe).not.toBeNull();
      expect(universeBytes(result.universe!)).toBe(universeBytes(universe));
      expect(result.universe!.config).toBe(config);
    }
  });

  it('reports any flipped byte, a truncated or extended file, another shape or another config as corrupt', () => {
    const tiny = computeUniverse(generateSampleMarket({ symbols: 3, days: 30, seed: 1 }).panel, CONFIG);
    const key = universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: engineCodeId().sha256, universe: CONFIG });
    const expected = { nDates: 30, nSymbols: 3, config: CONFIG };
    const encoded = encodeUniverse(tiny, key);
    expect(decodeUniverse({ bytes: encoded, key, expected }).universe).not.toBeNull();
    for (let offset = 0; offset < encoded.length; offset++) {
      const copy = Buffer.from(encoded);
      copy[offset] = copy[offset]! ^ 0x01;
      expect(decodeUniverse({ bytes: copy, key, expected }), `byte ${offset}`).toMatchObject({ universe: null, miss: 'corrupt' });
    }
    for (const bytes of [encoded.subarray(0, 0), encoded.subarray(0, 127), encoded.subarray(0, encoded.length - 1), Buffer.concat([encoded, Buffer.from([0])])]) {
      expect(decodeUniverse({ bytes, key, expected })).toMatchObject({ universe: null, miss: 'corrupt' });
    }
    expect(decodeUniverse({ bytes: encoded, key, expected: { ...expected, nSymbols: 4 } })).toMatchObject({ miss: 'corrupt' });
    expect(decodeUniverse({ bytes: encoded, key, expected: { ...expected, config: TOP } })).toMatchObject({ miss: 'corrupt' });
    expect(decodeUniverse({ bytes: encoded, key: 'cd'.repeat(32), expected })).toMatchObject({ miss: 'corrupt' });
  });
});

describe('universeCacheKey', () => {
  it('changes with the engine code, the data fingerprint and every config value, not with key order', () => {
    const key = universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: engineCodeId().sha256, universe: CONFIG });
    const reordered: UniverseConfig = { topN: null, minDollarVolume: 1e6, minPrice: 5, minHistory: 20 };
    expect(universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: engineCodeId().sha256, universe: reordered })).toBe(key);
    expect(universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: 'ef'.repeat(32), universe: CONFIG })).not.toBe(key);
    expect(universeCacheKey({ dataFingerprint: 'cd'.repeat(32), engineCode: engineCodeId().sha256, universe: CONFIG })).not.toBe(key);
    for (const change of [{ minHistory: 21 }, { minPrice: 5.5 }, { minDollarVolume: 2e6 }, { topN: 5 }]) {
      expect(universeCacheKey({ dataFingerprint: FINGERPRINT, engineCode: engineCodeId().sha256, universe: { ...CONFIG, ...change } })).not.toBe(key);
    }
  });
});

describe('loadOrComputeUniverse', () => {
  it('computes and stores on a cold cache, then serves the same bytes from it', () => {
    const cacheDir = tempDir();
    const reference = computeUniverse(panel, CONFIG);
    const cold = load(cacheDir);
    const warm = load(cacheDir);
    expect([cold.source, warm.source]).toEqual(['computed', 'cache']);
    expect(universeBytes(cold.universe)).toBe(universeBytes(reference));
    expect(universeBytes(warm.universe)).toBe(universeBytes(reference));
    expect(readdirSync(path.join(cacheDir, 'universe'))).toEqual([path.basename(entryFile(cacheDir, CONFIG))]);
    expect(load(cacheDir, TOP).source).toBe('computed'); // another config, another entry
    expect(universeBytes(load(cacheDir, TOP).universe)).toBe(universeBytes(computeUniverse(panel, TOP)));
  });

  it('recomputes and rewrites a corrupt or truncated entry instead of trusting it', () => {
    const cacheDir = tempDir();
    const reference = universeBytes(computeUniverse(panel, CONFIG));
    load(cacheDir);
    const file = entryFile(cacheDir, CONFIG);
    const bytes = readFileSync(file);
    bytes[200] = bytes[200]! ^ 0x04; // a status byte
    writeFileSync(file, bytes);
    const repaired = load(cacheDir);
    expect(repaired.source).toBe('computed');
    expect(universeBytes(repaired.universe)).toBe(reference);
    expect(load(cacheDir).source).toBe('cache');
    truncateSync(file, 300);
    expect(load(cacheDir).source).toBe('computed');
    const again = load(cacheDir);
    expect(again.source).toBe('cache');
    expect(universeBytes(again.universe)).toBe(reference);
  });

  it('recomputes and overwrites the entry on refresh', () => {
    const cacheDir = tempDir();
    load(cacheDir);
    const file = entryFile(cacheDir, CONFIG);
    writeFileSync(file, 'not an entry');
    expect(load(cacheDir, CONFIG, true).source).toBe('computed');
    expect(load(cacheDir).source).toBe('cache');
  });

  it('throws InvalidUniverseConfigError for a bad config and writes nothing', () => {
    const cacheDir = tempDir();
    expect(() => load(cacheDir, { ...CONFIG, minHistory: 1.5 })).toThrow(InvalidUniverseConfigError);
    expect(() => load(cacheDir, { ...CONFIG, minPrice: Number.NaN })).toThrow(InvalidUniverseConfigError);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('fails with a FileWriteError when the cache folder cannot be created', () => {
    const blocker = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder should be');
    expect(() => load(blocker)).toThrow(FileWriteError);
    expect(() => load(blocker)).toThrow(/^cannot write universe cache file "/);
  });
});

describe('createMarketContext with a cache folder', () => {
  it('takes returns computed before and gives the same universe and returns ranking as computing them itself', () => {
    const cacheDir = tempDir();
    const plain = createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: TOP });
    const returns = computeReturns(panel, new Float64Array(new SharedArrayBuffer(panel.nDates * panel.nSymbols * 8)));
    const given = createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: TOP, cacheDir, returns });
    expect(given.returns).toBe(returns);
    expect(universeBytes(given.universe)).toBe(universeBytes(plain.universe));
    const bytes = (a: Float64Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(given.returns).equals(bytes(plain.returns))).toBe(true);
    expect(bytes(given.returnRanking.order).equals(bytes(plain.returnRanking.order))).toBe(true);
    expect(bytes(given.returnRanking.count).equals(bytes(plain.returnRanking.count))).toBe(true);
  });
  it('gives the universe and returns of the uncached context, cold and warm', () => {
    const cacheDir = tempDir();
    const plain = createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: TOP });
    const cold = createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: TOP, cacheDir });
    const warm = createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: TOP, cacheDir });
    expect(readdirSync(path.join(cacheDir, 'universe'))).toHaveLength(1);
    for (const context of [cold, warm]) {
      expect(universeBytes(context.universe)).toBe(universeBytes(plain.universe));
      expect(Buffer.from(context.returns.buffer).equals(Buffer.from(plain.returns.buffer))).toBe(true);
    }
  });
});
