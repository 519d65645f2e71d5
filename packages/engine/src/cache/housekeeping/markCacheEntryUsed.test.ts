import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelCache } from '../../data/PanelCache.js';
import { UniverseCache } from '../../universe/UniverseCache.js';
import { SignalCache } from '../SignalCache.js';
import { markCacheEntryUsed } from './markCacheEntryUsed.js';
import { FIXTURE_PATHS, FIXTURE_T0_MS, fixtureCaches, PANEL_CODE, PANEL_KEY, SIGNAL_KEYS, tinyUniverse, UNIVERSE_KEY } from './testing/housekeepingFixture.js';

/** Any code identity: the entries here are put and read by key. */
const CODE = 'ab'.repeat(32);

const T0 = FIXTURE_T0_MS;
const caches = fixtureCaches();
afterEach(caches.removeAll);
const fixture = caches.make;
const mtimeOf = (dir: string, relative: string): number => statSync(path.join(dir, relative)).mtimeMs;

describe('last use of cache entries', () => {
  it('a hit of each cache (panel, panel identity, universe, signal) marks its entry used now, content untouched', async () => {
    const dir = fixture();
    const before = Date.now() - 1;
    const signalBytes = readFileSync(path.join(dir, FIXTURE_PATHS.signals[2]));
    expect((await new PanelCache(dir, PANEL_CODE).read(PANEL_KEY)).panel).not.toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.panel)).toBeGreaterThanOrEqual(before);
    const universe = tinyUniverse();
    expect(new UniverseCache(dir).read(UNIVERSE_KEY, { nDates: 3, nSymbols: 2, config: universe.config }).universe).not.toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.universe)).toBeGreaterThanOrEqual(before);
    expect(new SignalCache({ dir, codeIdentity: CODE }).get(SIGNAL_KEYS[2])).not.toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.signals[2])).toBeGreaterThanOrEqual(before);
    expect(readFileSync(path.join(dir, FIXTURE_PATHS.signals[2]))).toEqual(signalBytes);
    expect(mtimeOf(dir, FIXTURE_PATHS.signals[1])).toBe(T0 + 3000);

    const identityDir = fixture();
    expect((await new PanelCache(identityDir, PANEL_CODE).readIdentity(PANEL_KEY)).identity).not.toBeNull();
    expect(mtimeOf(identityDir, FIXTURE_PATHS.panel)).toBeGreaterThanOrEqual(before);
  });

  it('a miss (corrupt entry, refresh, wrong expectation) leaves the last use alone', async () => {
    const dir = fixture();
    writeFileSync(path.join(dir, FIXTURE_PATHS.signals[0]), 'garbage');
    const stamp = mtimeOf(dir, FIXTURE_PATHS.signals[0]);
    expect(new SignalCache({ dir, codeIdentity: CODE }).get(SIGNAL_KEYS[0])).toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.signals[0])).toBe(stamp);
    expect(new SignalCache({ dir, refresh: true, codeIdentity: CODE }).get(SIGNAL_KEYS[1])).toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.signals[1])).toBe(T0 + 3000);
    expect(new UniverseCache(dir).read(UNIVERSE_KEY, { nDates: 3, nSymbols: 5, config: tinyUniverse().config }).universe).toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.universe)).toBe(T0 + 1000);
    expect((await new PanelCache(dir, PANEL_CODE).read('99'.repeat(32))).panel).toBeNull();
    expect(mtimeOf(dir, FIXTURE_PATHS.panel)).toBe(T0);
  });

  it('ignores an entry that is gone (pruned meanwhile)', () => {
    expect(() => markCacheEntryUsed(path.join(fixture(), 'signals/00/gone.bin'))).not.toThrow();
  });
});
