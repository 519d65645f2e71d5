import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS, makeFixtureCache } from './testing/housekeepingFixture.js';
import { verifyCache } from './verifyCache.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function fixture(): string {
  const dir = makeFixtureCache(T0);
  dirs.push(dir);
  return dir;
}

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
      [FIXTURE_PATHS.panel, 'panel', expect.stringMatching(/^file has 200 bytes, expected \d+ \(truncated\?\)$/), false],
      [FIXTURE_PATHS.index, 'panel-index', 'stat index is not valid JSON', false],
      [FIXTURE_PATHS.signals[1], 'signal', 'checksum mismatch', false],
      [FIXTURE_PATHS.universe, 'universe', 'not a universe cache file (bad magic)', false],
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
