import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeDataFingerprint, sha256Hex } from './computeDataFingerprint.js';
import { loadPanelFromCsv } from './loadPanelFromCsv.js';

const HEADER = 'date,open,high,low,close,volume';
const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pricesFolder(files: Record<string, string>, folderName = 'prices'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wf-fp-'));
  tempDirs.push(root);
  const dir = path.join(root, folderName);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const fingerprintOf = async (options: Parameters<typeof loadPanelFromCsv>[0]): Promise<string> =>
  (await loadPanelFromCsv(options)).fingerprint;

const FILES = { 'A.csv': `${HEADER}\n2020-01-02,1,1,1,1,1\n`, 'B.csv': `${HEADER}\n2020-01-03,2,2,2,2,2\n` };

describe('computeDataFingerprint', () => {
  it('depends on the set of (key, hash) pairs, not on their order', () => {
    const a = { key: 'prices/A', sha256: sha256Hex(Buffer.from('a')) };
    const b = { key: 'prices/B', sha256: sha256Hex(Buffer.from('b')) };
    expect(computeDataFingerprint([a, b])).toBe(computeDataFingerprint([b, a]));
    expect(computeDataFingerprint([a, b])).not.toBe(computeDataFingerprint([a]));
    expect(computeDataFingerprint([a, b])).not.toBe(computeDataFingerprint([a, { ...b, key: 'market_caps/B' }]));
    expect(computeDataFingerprint([a])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same contents in another folder, under another folder name, with other mtimes', async () => {
    const first = pricesFolder(FILES);
    const second = pricesFolder(FILES, 'elsewhere');
    utimesSync(path.join(second, 'A.csv'), new Date(0), new Date(0));
    expect(await fingerprintOf({ pricesDir: second })).toBe(await fingerprintOf({ pricesDir: first }));
  });

  it('keys price files by symbol, so renaming A.csv to A_data.csv keeps the fingerprint', async () => {
    const dir = pricesFolder(FILES);
    const before = await fingerprintOf({ pricesDir: dir });
    renameSync(path.join(dir, 'A.csv'), path.join(dir, 'A_data.csv'));
    expect(await fingerprintOf({ pricesDir: dir })).toBe(before);
  });

  it('changes when a byte changes, a symbol is added, or a calendar or market caps are given', async () => {
    const dir = pricesFolder(FILES);
    const base = await fingerprintOf({ pricesDir: dir });
    const edited = pricesFolder({ ...FILES, 'B.csv': `${HEADER}\n2020-01-03,2,2,2,2,3\n` });
    expect(await fingerprintOf({ pricesDir: edited })).not.toBe(base);
    const added = pricesFolder({ ...FILES, 'C.csv': `${HEADER}\n` });
    expect(await fingerprintOf({ pricesDir: added })).not.toBe(base);

    const root = path.dirname(dir);
    writeFileSync(path.join(root, 'calendar.csv'), 'date\n2020-01-02\n2020-01-03\n');
    expect(await fingerprintOf({ pricesDir: dir, calendarFile: path.join(root, 'calendar.csv') })).not.toBe(base);
    cpSync(dir, path.join(root, 'caps'), { recursive: true });
    writeFileSync(path.join(root, 'caps', 'A.csv'), 'date,market_cap\n2020-01-02,9\n');
    writeFileSync(path.join(root, 'caps', 'B.csv'), 'date,market_cap\n2020-01-03,9\n');
    expect(await fingerprintOf({ pricesDir: dir, marketCapsDir: path.join(root, 'caps') })).not.toBe(base);
  });
});
