import { describeSystemError, systemErrorCode, WfError } from '@wf/engine';

/**
 * A run-folder file (gate report, chart, manifest) could not be written. The message names
 * the file that failed and the errno (`ENOSPC (no space left on device)`, `EACCES`, `EROFS`).
 */
export class ReportWriteError extends WfError {
  readonly path: string;
  /** The errno code of the failed write, e.g. `ENOSPC`; null when it had none. */
  readonly errno: string | null;

  constructor(facts: { path: string; cause: unknown }) {
    super('GATES_WRITE_FAILED', `cannot write ${facts.path}: ${describeSystemError(facts.cause)}`, { cause: facts.cause });
    this.path = facts.path;
    this.errno = systemErrorCode(facts.cause);
  }
}
