import { WfError } from '@wf/engine';

/** A freeze manifest that cannot be read or written, or is not a freeze written by `--write-freeze`. */
export class FreezeFileError extends WfError {
  readonly path: string;
  readonly problem: string;

  constructor(facts: { path: string; problem: string; cause?: unknown }) {
    super('GATES_FREEZE_FILE', `freeze file ${facts.path}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.path = facts.path;
    this.problem = facts.problem;
  }
}
