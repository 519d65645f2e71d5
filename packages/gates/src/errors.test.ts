import { writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ReportWriteError } from './errors.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('ReportWriteError', () => {
  test('a real write to a full device names ENOSPC and the file the caller was writing', () => {
    const cause = thrown(() => writeFileSync('/dev/full', 'x'.repeat(10_000)));
    const error = new ReportWriteError({ path: '/runs/r1/gate_report.md', cause });
    expect(error.errno).toBe('ENOSPC');
    expect(error.code).toBe('GATES_WRITE_FAILED');
    expect(error.message).toBe('cannot write /runs/r1/gate_report.md: ENOSPC (no space left on device)');
  });

  test('a folder where the file should go is EISDIR', () => {
    const cause = thrown(() => writeFileSync('/tmp', 'x'));
    expect(new ReportWriteError({ path: '/tmp', cause }).message).toBe('cannot write /tmp: EISDIR (illegal operation on a directory)');
  });
});
