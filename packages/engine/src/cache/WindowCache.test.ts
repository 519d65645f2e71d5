import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeUnitTexts, encodeUnitTexts, WindowCache } from './WindowCache.js';
import { windowCacheKey } from './windowCacheKey.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-window-cache-'));
  dirs.push(dir);
  return dir;
}

const parts = {
  codeIdentity: 'code-a',
  factorId: 'reversal',
  candidates: ['lookback=3', 'lookback=5'],
  objective: 'sharpe',
  universe: { min_history: 60 },
  portfolio: { quantiles: 5 },
  window: { index: 0, trainStart: 252, trainEnd: 503, testStart: 504, testEnd: 566 },
  dataPrefix: 'ab'.repeat(32),
  beyondEnd: 'none',
  layout: [{ name: 'walk_forward_summary.csv', columns: ['factor', 'window'] }],
};
const texts = { 'walk_forward_summary.csv': 'reversal,0\n', 'oos_daily.csv': 'reversal,0,2020-01-02,0.01,é\n' };
const names = Object.keys(texts);

describe('windowCacheKey', () => {
  it('changes with every part and ignores key order', () => {
    const key = windowCacheKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(windowCacheKey({ ...parts, universe: { min_history: 60 } })).toBe(key);
    for (const changed of [
      { codeIdentity: 'code-b' },
      { factorId: 'momentum' },
      { candidates: ['lookback=5', 'lookback=3'] },
      { objective: 'mean_ic' },
      { universe: { min_history: 61 } },
      { portfolio: { quantiles: 4 } },
      { window: { ...parts.window, testEnd: 567 } },
      { dataPrefix: 'cd'.repeat(32) },
      { beyondEnd: 'S001' },
      { layout: [{ name: 'walk_forward_summary.csv', columns: ['factor'] }] },
      { protocolVersion: 99 },
    ]) {
      expect(windowCacheKey({ ...parts, ...changed })).not.toBe(key);
    }
  });
});

describe('WindowCache', () => {
  it('replays exactly the texts that were put', () => {
    const cache = new WindowCache({ dir: cacheDir() });
    const key = windowCacheKey(parts);
    expect(cache.get(key, names)).toBeNull();
    cache.put(key, texts);
    expect(cache.get(key, names)).toEqual(texts);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, corrupt: 0, writes: 1 });
  });

  it('treats a flipped byte, a truncation, another key or other files as a miss', () => {
    const dir = cacheDir();
    const cache = new WindowCache({ dir });
    const key = windowCacheKey(parts);
    cache.put(key, texts);
    const path = cache.pathOf(key);
    const bytes = readFileSync(path);
    expect(decodeUnitTexts(bytes, key, ['walk_forward_summary.csv'])).toBeNull();
    expect(decodeUnitTexts(bytes, 'f'.repeat(64), names)).toBeNull();
    expect(decodeUnitTexts(bytes.subarray(0, bytes.length - 1), key, names)).toBeNull();
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 2] = flipped[flipped.length - 2]! ^ 1;
    writeFileSync(path, flipped);
    expect(cache.get(key, names)).toBeNull();
    expect(cache.stats().corrupt).toBe(1);
    cache.put(key, texts);
    expect(cache.get(key, names)).toEqual(texts);
  });

  it('is always a miss when refreshing', () => {
    const dir = cacheDir();
    const key = windowCacheKey(parts);
    new WindowCache({ dir }).put(key, texts);
    expect(new WindowCache({ dir, refresh: true }).get(key, names)).toBeNull();
    expect(decodeUnitTexts(encodeUnitTexts(key, texts), key, names)).toEqual(texts);
  });
});
