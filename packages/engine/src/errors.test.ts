import { writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FileWriteError, OutputDirError, ResumeMismatchError } from './errors.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('FileWriteError', () => {
  test('a real write to a full device names ENOSPC, the role and the file the caller was writing', () => {
    const cause = thrown(() => writeFileSync('/dev/full', 'x'.repeat(10_000)));
    const error = new FileWriteError({ what: 'gate report', path: '/runs/r1/gate_report.md', cause });
    expect(error.errno).toBe('ENOSPC');
    expect(error.code).toBe('FILE_WRITE');
    expect(error.what).toBe('gate report');
    expect(error.message).toBe('cannot write gate report "/runs/r1/gate_report.md": ENOSPC (no space left on device)');
  });

  test('a folder where the file should go is EISDIR', () => {
    const cause = thrown(() => writeFileSync('/tmp', 'x'));
    expect(new FileWriteError({ what: 'gate manifest', path: '/tmp', cause }).message).toBe(
      'cannot write gate manifest "/tmp": EISDIR (illegal operation on a directory)',
    );
  });
});

describe('OutputDirError', () => {
  test('one code per problem, the folder first, the entries sorted and at most three shown', () => {
    const error = new OutputDirError({ outDir: '/runs/r1', problem: 'not_empty', entries: ['d', 'c', 'b', 'a'], remedy: 'pass --resume' });
    expect(error.code).toBe('OUTPUT_DIR_NOT_EMPTY');
    expect(error.entries).toEqual(['a', 'b', 'c', 'd']);
    expect(error.message).toBe('output folder /runs/r1: it is not empty (a, b, c, ...); pass --resume');
    expect(new OutputDirError({ outDir: '/runs/r1', problem: 'not_a_folder' }).code).toBe('OUTPUT_DIR_NOT_A_FOLDER');
    const cause = thrown(() => writeFileSync('/tmp', 'x'));
    const unreadable = new OutputDirError({ outDir: '/runs/r1', problem: 'unreadable', file: 'run.json', cause });
    expect(unreadable.code).toBe('OUTPUT_DIR_UNREADABLE');
    expect(unreadable.message).toBe('output folder /runs/r1: cannot read run.json: EISDIR (illegal operation on a directory)');
  });
});

describe('ResumeMismatchError', () => {
  test('names the state file, the field, both values and the remedy', () => {
    const error = new ResumeMismatchError({ stateFile: '/runs/r1/manifest.json', field: 'config sha256', found: 'aa', expected: 'bb', remedy: 'use a new --out' });
    expect(error.code).toBe('RESUME_MISMATCH');
    expect(error.message).toBe('cannot resume: /runs/r1/manifest.json has config sha256 aa, this run has bb; use a new --out');
  });
});
