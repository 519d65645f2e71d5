import { WfError } from '@wf/engine';

/** A report file (gate report, chart, manifest) could not be written. */
export class ReportWriteError extends WfError {
  readonly path: string;

  constructor(facts: { path: string; cause: unknown }) {
    const reason = facts.cause instanceof Error ? facts.cause.message : String(facts.cause);
    super('GATES_WRITE_FAILED', `cannot write ${facts.path}: ${reason}`, { cause: facts.cause });
    this.path = facts.path;
  }
}
