import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeSystemError, systemErrorCode } from './describeSystemError.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('describeSystemError', () => {
  test('names the errno code and its description from real failed calls', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-errno-'));
    try {
      const missing = thrown(() => readFileSync(join(dir, 'absent.csv')));
      expect(systemErrorCode(missing)).toBe('ENOENT');
      expect(describeSystemError(missing)).toBe('ENOENT (no such file or directory)');
      const isDir = thrown(() => readFileSync(dir));
      expect(describeSystemError(isDir)).toBe('EISDIR (illegal operation on a directory)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an error without a code is described by the first line of its message', () => {
    expect(systemErrorCode(new Error('x'))).toBeNull();
    expect(describeSystemError(new Error('broken\nsecond line'))).toBe('broken');
    expect(describeSystemError('text')).toBe('text');
  });
});
