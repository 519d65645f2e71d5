import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS, FIXTURE_T0_MS, fixtureCaches } from './testing/housekeepingFixture.js';
import { verifyCache } from './verifyCache.js';

const T0 = FIXTURE_T0_MS;
const caches = fixtureCaches();
afterEach(caches.removeAll);
const fixture = caches.make;

function flipByte(file: string, offset: number): void {
  const bytes = readFileSync(file);
  bytes[offset] = bytes[offset]! ^ 0x01;
  writeFileSync(file, bytes);
}

describe('verifyCache', () => {
  it('finds every entry of an intact cache intact and leaves the lock file unchecked', () => {
    const dir = fixture();
    const result = verifyCache({ dir });
    expect(result).toMatchObject({ dir, checkedFiles: 6, corrupt: [], vanished: 0, unchecked: 1 });
  });

  it('names a flipped byte in a signal entry, a truncated panel, a foreign universe and a broken stat index, with the reason', () => {
    const dir = fixture();
    const at = (relative: string): string => path.join(dir, relative);
    flipByte(at(FIXTURE_PATHS.signals[1]), 5000);
    truncateSync(at(FIXTURE_PATHS.panel), 200);
    flipByte(at(FIXTURE_PATHS.universe), 0);
    writeFileSync(at(FIXTURE_PATHS.index), '{"fingerprint":');
    const result = verifyCache({ dir });
    expect(result.corrupt.map((c) => [c.relativePath, c.kind, c.reason, c.deleted])).toEqual([
      [FIXTURE_PATHS.panel, 'panel', expect.stringMatching(/^(file has 200 bytes, expected \d+ \(truncated\?\)|header runs past the end of the file)$/), false],
      [FIXTURE_PATHS.index, 'panel-index', 'stat index is not valid JSON', false],
      [FIXTURE_PATHS.signals[1], 'signal', 'checksum mismatch', false],
      [FIXTURE_PATHS.universe, 'universe', 'not a cache entry (bad magic)', false],
    ]);
    expect(result.checkedFiles).toBe(6);
    for (const c of result.corrupt) expect(existsSync(c.path)).toBe(true);
  });

  it('with deleteCorrupt removes the corrupt entries and only them', () => {
    const dir = fixture();
    flipByte(path.join(dir, FIXTURE_PATHS.signals[0]), 100);
    truncateSync(path.join(dir, FIXTURE_PATHS.panel), 1000);
    const result = verifyCache({ dir, deleteCorrupt: true });
    expect(result.corrupt.map((c) => [c.relativePath, c.deleted])).toEqual([
      [FIXTURE_PATHS.panel, true],
      [FIXTURE_PATHS.signals[0], true],
    ]);
    expect(existsSync(path.join(dir, FIXTURE_PATHS.panel))).toBe(false);
    expect(existsSync(path.join(dir, FIXTURE_PATHS.signals[0]))).toBe(false);
    expect(verifyCache({ dir })).toMatchObject({ checkedFiles: 4, corrupt: [] });
  });
});
