import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvHeaderError, CsvRowError, CsvSyntaxError, DataUnreadableError } from '../errors.js';
import { loadPanelFromCsv } from './loadPanelFromCsv.js';

const HEADER = 'date,open,high,low,close,volume';
const HUGE = 5_000_000;
// root reads a file whatever its mode, so chmod cannot make EACCES there.
const isRoot = process.getuid?.() === 0;

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

function pricesDir(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wf-data-errors-'));
  tempDirs.push(root);
  const dir = path.join(root, 'prices');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function loadError(pricesDir: string): Promise<Error> {
  const error: unknown = await loadPanelFromCsv({ pricesDir }).then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** A message as printed by a CLI: one line of bounded size. */
function expectOneShortLine(message: string): void {
  expect(message).not.toMatch(/[\r\n]/);
  expect(Buffer.byteLength(message)).toBeLessThan(300);
}

describe('data errors quote the input bounded and on one line', () => {
  it('a 5 MB cell that is not a number: the message quotes 120 characters and the byte length; the field keeps it all', async () => {
    const cell = `1${'9'.repeat(HUGE)}x`;
    const error = await loadError(pricesDir({ 'A.csv': `${HEADER}\n2020-01-02,1,1,1,${cell},10\n` }));
    expect(error).toBeInstanceOf(CsvRowError);
    expectOneShortLine(error.message);
    expect(error.message).toBe(`prices/A.csv line 2: close "1${'9'.repeat(119)}…" (${HUGE + 2} bytes) is not a number`);
    expect((error as CsvRowError).value).toHaveLength(HUGE + 2);
  });

  it('a row with the wrong field count spanning 701 lines (a quoted field) is quoted on one line', async () => {
    const field = `"${Array.from({ length: 700 }, (_, k) => `line ${k}`).join('\n')}"`;
    const error = await loadError(pricesDir({ 'A.csv': `${HEADER}\n2020-01-02,1,1,1,1,10,${field}\n` }));
    expect(error).toBeInstanceOf(CsvRowError);
    expectOneShortLine(error.message);
    expect(error.message).toMatch(/^prices\/A\.csv line 2: expected 6 fields as in the header, found 7 \("2020-01-02,1,1,1,1,10,line 0\\nline 1\\n.*…" \(\d+ bytes\)\)$/);
  });

  it('a 5 MB header cell and a 5 MB unclosed quote stay short', async () => {
    const header = await loadError(pricesDir({ 'A.csv': `date,open,high,low,${'c'.repeat(HUGE)},volume\n2020-01-02,1,1,1,1,1\n` }));
    expect(header).toBeInstanceOf(CsvHeaderError);
    expectOneShortLine(header.message);
    const syntax = await loadError(pricesDir({ 'A.csv': `${HEADER}\n2020-01-02,1,1,1,"${'1'.repeat(HUGE)}\n` }));
    expect(syntax).toBeInstanceOf(CsvSyntaxError);
    expectOneShortLine(syntax.message);
  });
});

describe('data errors name the real errno', () => {
  it('a price file that is a folder (through a symlink) is EISDIR, not "does not exist"', async () => {
    const dir = pricesDir({ 'A.csv': `${HEADER}\n2020-01-02,1,1,1,1,10\n` });
    mkdirSync(path.join(dir, '..', 'real-dir'));
    symlinkSync(path.join(dir, '..', 'real-dir'), path.join(dir, 'B.csv'));
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(DataUnreadableError);
    expect((error as DataUnreadableError).errno).toBe('EISDIR');
    expect(error.message).toBe(`cannot read prices file "${path.join(dir, 'B.csv')}": EISDIR (illegal operation on a directory)`);
  });

  it.skipIf(isRoot)('an unreadable price file is EACCES with its path (skipped as root, where chmod 000 does not deny reads)', async () => {
    const dir = pricesDir({ 'A.csv': `${HEADER}\n2020-01-02,1,1,1,1,10\n` });
    chmodSync(path.join(dir, 'A.csv'), 0o000);
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(DataUnreadableError);
    expect(error.message).toBe(`cannot read prices file "${path.join(dir, 'A.csv')}": EACCES (permission denied)`);
  });

  it.skipIf(isRoot)('an unreadable prices folder is EACCES, not "does not exist" (skipped as root)', async () => {
    const dir = pricesDir({ 'A.csv': `${HEADER}\n2020-01-02,1,1,1,1,10\n` });
    chmodSync(dir, 0o000);
    tempDirs.push(dir);
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(DataUnreadableError);
    expect(error.message).toBe(`cannot read prices folder "${dir}": EACCES (permission denied)`);
  });
});
