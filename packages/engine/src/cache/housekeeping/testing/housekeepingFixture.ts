/**
 * Test support of the housekeeping tests: a cache folder holding one real entry of every
 * kind (written by the caches' own encoders), with explicit last-use times.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Panel } from '../../../data/Panel.js';
import { encodePanel } from '../../../data/PanelCache.js';
import type { Universe } from '../../../universe/Universe.js';
import { encodeUniverse } from '../../../universe/UniverseCache.js';
import { encodeSignalBundle } from '../../signalBundleCodec.js';

export const PANEL_KEY = 'a1'.repeat(32);
/** The engine code id the fixture's panel entry is named with (PanelCache names entries by fingerprint and build). */
export const PANEL_CODE = 'c0'.repeat(32);
export const UNIVERSE_KEY = 'b2'.repeat(32);
export const SIGNAL_KEYS = ['c3'.repeat(32), 'd4'.repeat(32), 'e5'.repeat(32)] as const;
export const INDEX_KEY = 'f6'.repeat(32);

/** Relative paths of the fixture's files, by role. */
export const FIXTURE_PATHS = {
  panel: `panels/${PANEL_KEY}-${PANEL_CODE.slice(0, 16)}.bin`,
  index: `panels/sources-${INDEX_KEY}.json`,
  universe: `universe/${UNIVERSE_KEY}.bin`,
  signals: SIGNAL_KEYS.map((key) => `signals/${key.slice(0, 2)}/${key}.bin`),
  lock: 'gates.lock',
} as const;

export function tinyPanel(): Panel {
  const field = (seed: number): Float64Array => Float64Array.from([seed, Number.NaN, seed + 0.5, 4, 5, seed * 3]);
  return { symbols: ['AAA', 'BBB'], dates: Int32Array.from([20200102, 20200103, 20200106]), nDates: 3, nSymbols: 2, open: field(1), high: field(2), low: field(3), close: field(4), volume: field(5), marketCap: null };
}

export function tinyUniverse(): Universe {
  return {
    config: { minHistory: 2, minPrice: 1, minDollarVolume: 0, topN: null },
    nDates: 3,
    nSymbols: 2,
    status: Uint8Array.from([0, 1, 0, 0, 2, 0]),
    eligibleCount: Int32Array.from([1, 1, 2]),
    excludedCounts: new Int32Array(15),
  };
}

/** Writes `bytes` at `relative` under `dir` and sets its mtime (and atime) to `mtimeMs`. */
export function writeAt(dir: string, relative: string, bytes: Uint8Array | string, mtimeMs: number): string {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
  return file;
}

/**
 * A fresh cache folder: panel (used at t0), universe (t0 + 1 s), three signals of 1000, 2000
 * and 3000 float64 values (t0 + 2, 3, 4 s), a stat index and a lock file (t0).
 */
export function makeFixtureCache(t0Ms: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-housekeeping-'));
  writeAt(dir, FIXTURE_PATHS.panel, encodePanel(tinyPanel(), PANEL_KEY), t0Ms);
  writeAt(dir, FIXTURE_PATHS.universe, encodeUniverse(tinyUniverse(), UNIVERSE_KEY), t0Ms + 1000);
  SIGNAL_KEYS.forEach((key, k) => {
    const bundle = { scores: Float64Array.from({ length: 1000 * (k + 1) }, (_, i) => i * 0.25) };
    writeAt(dir, FIXTURE_PATHS.signals[k]!, encodeSignalBundle(key, bundle), t0Ms + 2000 + 1000 * k);
  });
  writeAt(dir, FIXTURE_PATHS.index, JSON.stringify({ fingerprint: PANEL_KEY, hashStartedMs: t0Ms, files: [] }), t0Ms);
  writeAt(dir, FIXTURE_PATHS.lock, 'pid 1\n', t0Ms);
  return dir;
}

/** The fixture's t0 in the unit tests: 2026-01-05 12:00 UTC. */
export const FIXTURE_T0_MS = Date.UTC(2026, 0, 5, 12);

/**
 * Fixture folders for one test file: `make()` a fresh one (makeFixtureCache at FIXTURE_T0_MS),
 * `removeAll()` (pass it to afterEach) deletes every folder made so far.
 */
export function fixtureCaches(): { readonly make: () => string; readonly removeAll: () => void } {
  const dirs: string[] = [];
  return {
    make: () => {
      const dir = makeFixtureCache(FIXTURE_T0_MS);
      dirs.push(dir);
      return dir;
    },
    removeAll: () => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
