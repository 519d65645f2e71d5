import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './writeFileAtomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text, bytes and parts (in order, empty ones skipped), creating the folder and replacing the file', () => {
    const path = join(dir, 'a', 'b', 'file.bin');
    writeFileAtomic(path, 'old text');
    writeFileAtomic(path, 'new text', { fsync: true });
    expect(readFileSync(path, 'utf8')).toBe('new text');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    const view = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
    writeFileAtomic(path, [new Uint8Array([1]), new Uint8Array(0), view, new Uint8Array([5])]);
    expect([...readFileSync(path)]).toEqual([1, 8, 7, 5]);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['file.bin']);
  });

  it('leaves the old file and no temp file when the write fails, and rethrows the error', () => {
    const path = join(dir, 'file.txt');
    writeFileSync(path, 'kept');
    writeFileSync(join(dir, 'blocker'), '');
    expect(() => writeFileAtomic(join(dir, 'blocker', 'x.txt'), 'never')).toThrow(/ENOTDIR|EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe('kept');
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'file.txt']);
  });
});
