import { WfError } from '@wf/engine';

/** A lock file that cannot be created, read or understood (never guessed around: the folder is refused). */
export class LockFileError extends WfError {
  readonly lockFile: string;
  readonly problem: string;

  constructor(facts: { lockFile: string; problem: string; cause?: unknown }) {
    super('LOCK_FILE', `lock file ${facts.lockFile}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.lockFile = facts.lockFile;
    this.problem = facts.problem;
  }
}
