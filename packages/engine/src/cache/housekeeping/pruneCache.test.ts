import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignalCache } from '../SignalCache.js';
import { pruneCache, STALE_TEMP_MS } from './pruneCache.js';
import { removeCacheFile } from './removeCacheFile.js';
import { scanCache } from './scanCache.js';
import { FIXTURE_PATHS, FIXTURE_T0_MS, fixtureCaches, SIGNAL_KEYS, writeAt } from './testing/housekeepingFixture.js';

/** Any code identity: the entries here are put and read by key. */
const CODE = 'ab'.repeat(32);

const T0 = FIXTURE_T0_MS;
const NOW = T0 + 3_600_000;
const caches = fixtureCaches();
afterEach(caches.removeAll);
const fixture = caches.make;
const sizeOf = (dir: string, relative: string): number => statSync(path.join(dir, relative)).size;
const totalOf = (dir: string): number => scanCache({ dir }).files.reduce((sum, f) => sum + f.bytes, 0);

describe('pruneCache', () => {
  it('removes the least recently used entries first, and only until the folder fits', () => {
    const dir = fixture();
    const total = totalOf(dir);
    // Just under what removing panel, universe and the first signal leaves: the second signal must go too.
    const limit = total - sizeOf(dir, FIXTURE_PATHS.panel) - sizeOf(dir, FIXTURE_PATHS.universe) - sizeOf(dir, FIXTURE_PATHS.signals[0]) - 1;
    const result = pruneCache({ dir, maxBytes: limit, nowMs: NOW });
    expect(result.removed.map((f) => f.relativePath)).toEqual([FIXTURE_PATHS.panel, FIXTURE_PATHS.universe, FIXTURE_PATHS.signals[0], FIXTURE_PATHS.signals[1]]);
    expect(result.removed.map((f) => f.lastUsedMs)).toEqual([T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(result.bytesBefore).toBe(total);
    expect(result.bytesAfter).toBe(totalOf(dir));
    expect(result.bytesAfter).toBeLessThanOrEqual(limit);
    expect(result.removedBytes).toBe(total - result.bytesAfter);
    expect(result).toMatchObject({ overLimit: false, keptInUse: 0, dryRun: false });
    expect(existsSync(path.join(dir, FIXTURE_PATHS.signals[2]))).toBe(true);
  });

  it('keeps an entry hit since it was written (the hit marks it used) and evicts the next oldest instead', () => {
    const dir = fixture();
    expect(new SignalCache({ dir, codeIdentity: CODE }).get(SIGNAL_KEYS[0])).not.toBeNull();
    expect(statSync(path.join(dir, FIXTURE_PATHS.signals[0])).mtimeMs).toBeGreaterThan(T0 + 4000);
    const limit = totalOf(dir) - sizeOf(dir, FIXTURE_PATHS.panel) - sizeOf(dir, FIXTURE_PATHS.universe) - 1;
    const result = pruneCache({ dir, maxBytes: limit, nowMs: NOW });
    expect(result.removed.map((f) => f.relativePath)).toEqual([FIXTURE_PATHS.panel, FIXTURE_PATHS.universe, FIXTURE_PATHS.signals[1]]);
    expect(existsSync(path.join(dir, FIXTURE_PATHS.signals[0]))).toBe(true);
  });

  it('never removes stat indexes, other files or fresh temp files, and removes stale temp files whatever the limit', () => {
    const dir = fixture();
    const fresh = `${FIXTURE_PATHS.signals[0]}.7.0123456789ab.tmp`;
    const stale = `${FIXTURE_PATHS.panel}.8.0123456789ab.tmp`;
    writeAt(dir, fresh, 'being written', NOW - STALE_TEMP_MS + 1000);
    writeAt(dir, stale, 'left by a crash', NOW - STALE_TEMP_MS - 1000);
    const unlimited = pruneCache({ dir, maxBytes: null, nowMs: NOW });
    expect(unlimited.removed.map((f) => [f.relativePath, f.kind])).toEqual([[stale, 'temp']]);
    const all = pruneCache({ dir, maxBytes: 0, nowMs: NOW });
    expect(all.removed.map((f) => f.kind)).toEqual(['panel', 'universe', 'signal', 'signal', 'signal']);
    expect(all.overLimit).toBe(true);
    const left = scanCache({ dir }).files.map((f) => f.relativePath);
    expect(left).toEqual([FIXTURE_PATHS.lock, FIXTURE_PATHS.index, fresh].sort());
    // Folders stay: a writer creates its folder, then its temp file in it.
    expect(readdirSync(path.join(dir, 'signals')).sort()).toEqual(['c3', 'd4', 'e5']);
  });

  it('in a dry run reports exactly what a real prune removes, and removes nothing', () => {
    const dir = fixture();
    const limit = Math.floor(totalOf(dir) / 2);
    const before = scanCache({ dir }).files;
    const dry = pruneCache({ dir, maxBytes: limit, nowMs: NOW, dryRun: true });
    expect(scanCache({ dir }).files).toEqual(before);
    const real = pruneCache({ dir, maxBytes: limit, nowMs: NOW });
    expect(dry.removed.length).toBeGreaterThan(0);
    expect({ ...dry, dryRun: false }).toEqual(real);
  });

  it('counts an entry another process removed meanwhile as gone, and keeps one it used or replaced meanwhile', () => {
    const dir = fixture();
    const [panel, , signal0, signal1] = scanCache({ dir }).files.filter((f) => f.kind !== 'other' && f.kind !== 'panel-index').sort((a, b) => a.lastUsedMs - b.lastUsedMs);
    rmSync(panel!.path);
    expect(removeCacheFile({ path: panel!.path, ino: panel!.ino, lastUsedMs: panel!.lastUsedMs })).toBe('vanished');
    utimesSync(signal0!.path, new Date(), new Date());
    expect(removeCacheFile({ path: signal0!.path, ino: signal0!.ino, lastUsedMs: signal0!.lastUsedMs })).toBe('changed');
    const replacement = `${signal1!.path}.1.0123456789ab.tmp`;
    writeFileSync(replacement, 'new content');
    utimesSync(replacement, signal1!.lastUsedMs / 1000, signal1!.lastUsedMs / 1000);
    renameSync(replacement, signal1!.path);
    expect(removeCacheFile({ path: signal1!.path, ino: signal1!.ino, lastUsedMs: signal1!.lastUsedMs })).toBe('changed');
    expect(existsSync(signal0!.path) && existsSync(signal1!.path)).toBe(true);
  });
});
