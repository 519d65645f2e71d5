import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputDirError } from '../errors.js';
import { prepareRunDir } from './prepareRunDir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-run-dir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareRunDir', () => {
  it('creates an absent folder, or only checks it when asked not to create it', () => {
    expect(prepareRunDir({ outDir: join(dir, 'a', 'b'), resume: false, force: false })).toEqual([]);
    expect(existsSync(join(dir, 'a', 'b'))).toBe(true);
    expect(prepareRunDir({ outDir: join(dir, 'c'), resume: true, force: null, create: false })).toEqual([]);
    expect(existsSync(join(dir, 'c'))).toBe(false);
  });

  it('refuses a folder holding files without resume or force, naming the folder and the flags', () => {
    writeFileSync(join(dir, '.lock'), '{}');
    expect(prepareRunDir({ outDir: dir, resume: false, force: false, ignore: (name) => name === '.lock' })).toEqual([]);
    writeFileSync(join(dir, 'b.csv'), 'x');
    writeFileSync(join(dir, 'a.csv'), 'x');
    expect(() => prepareRunDir({ outDir: dir, resume: false, force: false })).toThrow(
      `output folder ${dir}: it is not empty (.lock, a.csv, b.csv); pass --resume to continue it or --force to overwrite it`,
    );
    expect(() => prepareRunDir({ outDir: dir, resume: false, force: null })).toThrow(
      `output folder ${dir}: it is not empty (.lock, a.csv, b.csv); pass --resume to continue it or choose a new --out`,
    );
    let refused: unknown = null;
    try {
      prepareRunDir({ outDir: dir, resume: false, force: false });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(OutputDirError);
    expect((refused as OutputDirError).code).toBe('OUTPUT_DIR_NOT_EMPTY');
    expect((refused as OutputDirError).entries).toEqual(['.lock', 'a.csv', 'b.csv']);
    expect(prepareRunDir({ outDir: dir, resume: true, force: null })).toEqual(['.lock', 'a.csv', 'b.csv']);
    expect(prepareRunDir({ outDir: dir, resume: false, force: true, ignore: (name) => name === '.lock' })).toEqual(['a.csv', 'b.csv']);
  });

  it('refuses a file where the folder should be', () => {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    expect(() => prepareRunDir({ outDir: file, resume: true, force: true })).toThrow(OutputDirError);
    expect(() => prepareRunDir({ outDir: file, resume: true, force: true })).toThrow(`output folder ${file}: it is a file, not a folder`);
  });
});
