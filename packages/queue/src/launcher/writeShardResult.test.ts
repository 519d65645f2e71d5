import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeShardResult } from './writeShardResult.js';

describe('writeShardResult', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-shard-result-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each file with the bytes the worker read, replacing older ones, and appends run.log', () => {
    const out = join(dir, 'shards', '0');
    expect(writeShardResult(out, { worker: 'w', files: { 'a.csv': 'x,é\n', 'run.log': 'first\n' }, bytes: { 'a.csv': 5, 'run.log': 6 } })).toBeNull();
    expect(writeShardResult(out, { worker: 'w', files: { 'a.csv': 'y\n', 'run.log': 'second\n' }, bytes: { 'a.csv': 2, 'run.log': 7 } })).toBeNull();
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('y\n');
    expect(readFileSync(join(out, 'run.log'), 'utf8')).toBe('first\nsecond\n');
    expect(readdirSync(out).sort()).toEqual(['a.csv', 'run.log']);
  });

  it('refuses a file whose size is not the one declared, and a name that is not a plain file name, writing nothing', () => {
    writeFileSync(join(dir, 'a.csv'), 'old');
    expect(writeShardResult(dir, { worker: 'w1', files: { 'a.csv': 'new\n' }, bytes: { 'a.csv': 3 } })).toBe(
      'worker w1 returned a.csv with 4 bytes, not the 3 it read: the result was damaged',
    );
    expect(writeShardResult(dir, { worker: 'w1', files: { '../x.csv': '' }, bytes: { '../x.csv': 0 } })).toBe('worker w1 returned a file with a bad name: "../x.csv"');
    expect(writeShardResult(dir, { worker: 'w1', files: { '..': '' }, bytes: { '..': 0 } })).toBe('worker w1 returned a file with a bad name: ".."');
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('old');
  });
});
