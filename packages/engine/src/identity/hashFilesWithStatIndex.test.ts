import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitPastRacyMargin } from '../testing/panelCacheTesting.js';
import { hashFilesWithStatIndex } from './hashFilesWithStatIndex.js';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function folder(files: Record<string, string>): { dir: string; list: { name: string; file: string }[]; index: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-stat-index-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const index = mkdtempSync(path.join(tmpdir(), 'wf-stat-index-file-'));
  tempDirs.push(index);
  return { dir, list: Object.keys(files).map((name) => ({ name, file: path.join(dir, name) })), index: path.join(index, 'index.json') };
}

/** Replaces every recorded hash of the index with `fake`: what the index vouches for is then visible. */
function falsifyIndex(indexPath: string, fake: string): void {
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { files: { sha256: string }[] };
  for (const entry of index.files) entry.sha256 = fake;
  writeFileSync(indexPath, JSON.stringify(index));
}

describe('hashFilesWithStatIndex', () => {
  it('hashes every file when there is no index, and writes one', () => {
    const { list, index } = folder({ a: 'alpha', b: 'beta' });
    expect(hashFilesWithStatIndex(list, index)).toEqual([sha('alpha'), sha('beta')]);
    expect(hashFilesWithStatIndex(list, null)).toEqual([sha('alpha'), sha('beta')]);
    expect(JSON.parse(readFileSync(index, 'utf8')).files).toHaveLength(2);
  });

  it('never trusts the index for files changed within the racy margin of their hashing', () => {
    const { list, index } = folder({ a: 'alpha', b: 'beta' });
    hashFilesWithStatIndex(list, index);
    falsifyIndex(index, 'f'.repeat(64));
    // Written a moment ago: a same-tick rewrite could hide behind equal stats, so they are read again.
    expect(hashFilesWithStatIndex(list, index)).toEqual([sha('alpha'), sha('beta')]);
  });

  it('serves unchanged settled files from the index and hashes a rewritten one again', async () => {
    const { dir, list, index } = folder({ a: 'alpha', b: 'beta' });
    await waitPastRacyMargin(dir);
    hashFilesWithStatIndex(list, index);
    const fake = 'e'.repeat(64);
    falsifyIndex(index, fake);
    // The index vouches for both (their stats are those it recorded): neither is read.
    expect(hashFilesWithStatIndex(list, index)).toEqual([fake, fake]);
    // Same size, new bytes: the ctime moved, so b is read again and a still vouched for.
    writeFileSync(list[1]!.file, 'BETA');
    expect(hashFilesWithStatIndex(list, index)).toEqual([fake, sha('BETA')]);
  });

  it('reads every file when the index is corrupt, and repairs it', () => {
    const { list, index } = folder({ a: 'alpha' });
    writeFileSync(index, '{"version":1,"hashStartedMs":');
    expect(hashFilesWithStatIndex(list, index)).toEqual([sha('alpha')]);
    expect(JSON.parse(readFileSync(index, 'utf8')).version).toBe(1);
  });

  it('only loses the speed-up when the index cannot be written', () => {
    const { list } = folder({ a: 'alpha' });
    expect(hashFilesWithStatIndex(list, path.join('/nonexistent-folder', 'index.json'))).toEqual([sha('alpha')]);
  });
});
