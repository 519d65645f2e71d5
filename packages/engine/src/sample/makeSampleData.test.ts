import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSampleMarket } from './ensureSampleMarket.js';
import { makeSampleData } from './makeSampleData.js';
import { FileWriteError, SampleDirNotEmptyError, SampleMarketOptionsError } from '../errors.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wf-sample-data-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('makeSampleData', () => {
  it('creates the folder and writes the market', () => {
    const dir = join(root, 'data', 'sample');
    const result = makeSampleData({ dir, symbols: 5, days: 120, seed: 1 });
    expect(result.written).toEqual(['README.txt', 'S000.csv', 'S001.csv', 'S002.csv', 'S003.csv', 'S004.csv']);
    expect(result.removed).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(result.written);
  });

  it('refuses a non-empty folder without force and leaves it untouched', () => {
    writeFileSync(join(root, 'notes.md'), 'mine');
    expect(() => makeSampleData({ dir: root, symbols: 3, days: 10 })).toThrow(SampleDirNotEmptyError);
    expect(() => makeSampleData({ dir: root, symbols: 3, days: 10 })).toThrow(`"${root}"`);
    expect(readdirSync(root)).toEqual(['notes.md']);
  });

  it('with force replaces old CSVs (stale symbols included) and keeps other files', () => {
    makeSampleData({ dir: root, symbols: 6, days: 120, seed: 1 });
    writeFileSync(join(root, 'notes.md'), 'mine');
    mkdirSync(join(root, 'sub'));
    const result = makeSampleData({ dir: root, symbols: 3, days: 120, seed: 2, force: true });
    expect(result.removed).toEqual(['README.txt', 'S000.csv', 'S001.csv', 'S002.csv', 'S003.csv', 'S004.csv', 'S005.csv']);
    expect(readdirSync(root).sort()).toEqual(['README.txt', 'S000.csv', 'S001.csv', 'S002.csv', 'notes.md', 'sub']);
    expect(readFileSync(join(root, 'README.txt'), 'utf8')).toContain('seed=2');
  });

  it('validates the market options before touching the folder', () => {
    const dir = join(root, 'never');
    expect(() => makeSampleData({ dir, symbols: -1 })).toThrow(SampleMarketOptionsError);
    expect(existsSync(dir)).toBe(false);
  });

  it('wraps a folder that cannot be created in FileWriteError', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeSampleData({ dir: join(root, 'file', 'sample'), symbols: 2, days: 10 })).toThrow(FileWriteError);
    expect(() => makeSampleData({ dir: join(root, 'file', 'sample'), symbols: 2, days: 10 })).toThrow(/^cannot write sample data folder "/);
  });
});

describe('ensureSampleMarket', () => {
  it('generates the market when the folder is absent, then leaves it alone', async () => {
    const dir = join(root, 'sample');
    expect(await ensureSampleMarket({ dir, symbols: 4, days: 110 })).toEqual({ created: true });
    expect(readdirSync(dir)).toHaveLength(5);
    writeFileSync(join(dir, 'S000.csv'), 'edited');
    expect(await ensureSampleMarket({ dir, symbols: 4, days: 110 })).toEqual({ created: false });
    expect(readFileSync(join(dir, 'S000.csv'), 'utf8')).toBe('edited');
  });

  it('generates into an existing empty folder', async () => {
    expect(await ensureSampleMarket({ dir: root, symbols: 2, days: 10 })).toEqual({ created: true });
    expect(readdirSync(root).sort()).toEqual(['README.txt', 'S000.csv', 'S001.csv']);
  });

  it('uses the default market when given only a folder', async () => {
    const dir = join(root, 'default');
    await ensureSampleMarket({ dir });
    expect(readdirSync(dir)).toHaveLength(121);
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toContain('symbols=120 days=1000 seed=42');
  });
});
