import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDirError } from '../../errors.js';
import { classifyCachePath, scanCache } from './scanCache.js';
import { summarizeCache } from './summarizeCache.js';
import { FIXTURE_PATHS, FIXTURE_T0_MS, fixtureCaches, INDEX_KEY, PANEL_KEY, SIGNAL_KEYS, UNIVERSE_KEY, writeAt } from './testing/housekeepingFixture.js';

const T0 = FIXTURE_T0_MS;
const caches = fixtureCaches();
afterEach(caches.removeAll);
const fixture = caches.make;

describe('classifyCachePath', () => {
  it.each([
    [`panels/${PANEL_KEY}-0123456789abcdef.bin`, 'panel', PANEL_KEY],
    [`panels/${PANEL_KEY}.bin`, 'other', null],
    [`panels/sources-${INDEX_KEY}.json`, 'panel-index', INDEX_KEY],
    [`universe/${UNIVERSE_KEY}.bin`, 'universe', UNIVERSE_KEY],
    [`signals/c3/${SIGNAL_KEYS[0]}.bin`, 'signal', SIGNAL_KEYS[0]],
    [`signals/c3/${SIGNAL_KEYS[0]}.bin.4242.0123456789ab.tmp`, 'temp', null],
    [`signals/c3/${SIGNAL_KEYS[0]}.4242.0123456789ab.tmp`, 'temp', null],
    [`panels/sources-${INDEX_KEY}.json.17.abcdefabcdef.tmp`, 'temp', null],
    // A signal entry in another key's folder, an upper-case key, a stray file, a lock: other.
    [`signals/ff/${SIGNAL_KEYS[0]}.bin`, 'other', null],
    [`panels/${PANEL_KEY.toUpperCase()}.bin`, 'other', null],
    [`universe/${UNIVERSE_KEY}.bin.bak`, 'other', null],
    ['gates.lock', 'other', null],
    ['notes.tmp', 'other', null],
  ])('%s is %s', (relative, kind, key) => {
    expect(classifyCachePath(relative)).toEqual({ kind, key });
  });
});

describe('scanCache', () => {
  it('lists every file with its kind, key, size and mtime as last use, sorted by path', () => {
    const dir = fixture();
    const scan = scanCache({ dir });
    expect(scan.dir).toBe(dir);
    expect(scan.files.map((f) => [f.relativePath, f.kind])).toEqual([
      [FIXTURE_PATHS.lock, 'other'],
      [FIXTURE_PATHS.panel, 'panel'],
      [FIXTURE_PATHS.index, 'panel-index'],
      ...FIXTURE_PATHS.signals.map((p) => [p, 'signal']),
      [FIXTURE_PATHS.universe, 'universe'],
    ]);
    for (const file of scan.files) {
      const stats = statSync(path.join(dir, file.relativePath));
      expect(file.path).toBe(path.join(dir, file.relativePath));
      expect([file.bytes, file.lastUsedMs, file.ino]).toEqual([stats.size, stats.mtimeMs, stats.ino]);
    }
    expect(scan.files.find((f) => f.kind === 'universe')?.lastUsedMs).toBe(T0 + 1000);
  });

  it('summarizes count, bytes and the oldest and newest use per kind and in total', () => {
    const dir = fixture();
    writeAt(dir, `${FIXTURE_PATHS.signals[0]}.99.0123456789ab.tmp`, 'partial', T0 + 9000);
    const stats = summarizeCache(scanCache({ dir }));
    const size = (relative: string): number => statSync(path.join(dir, relative)).size;
    const signalBytes = FIXTURE_PATHS.signals.reduce((sum, p) => sum + size(p), 0);
    expect(stats.kinds.signal).toEqual({ files: 3, bytes: signalBytes, oldestUseMs: T0 + 2000, newestUseMs: T0 + 4000 });
    expect(stats.kinds.panel).toEqual({ files: 1, bytes: size(FIXTURE_PATHS.panel), oldestUseMs: T0, newestUseMs: T0 });
    expect(stats.kinds.temp).toEqual({ files: 1, bytes: 7, oldestUseMs: T0 + 9000, newestUseMs: T0 + 9000 });
    expect(stats.kinds.other.files).toBe(1);
    expect(stats.total.files).toBe(8);
    expect(stats.total.bytes).toBe(Object.values(stats.kinds).reduce((sum, k) => sum + k.bytes, 0));
    expect([stats.total.oldestUseMs, stats.total.newestUseMs]).toEqual([T0, T0 + 9000]);
  });

  it('refuses a missing folder or a file with a CacheDirError naming it', () => {
    const dir = fixture();
    expect(() => scanCache({ dir: path.join(dir, 'nope') })).toThrow(CacheDirError);
    expect(() => scanCache({ dir: path.join(dir, 'nope') })).toThrow(/nope": does not exist$/);
    const file = path.join(dir, 'file');
    writeFileSync(file, '');
    expect(() => scanCache({ dir: file })).toThrow(/file": is not a folder$/);
  });
});
