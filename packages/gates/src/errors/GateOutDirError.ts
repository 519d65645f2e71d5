import { WfError } from '@wf/engine';

/**
 * The gate run's output folder cannot be used as asked: not empty without `--resume`, no
 * manifest to resume, a file where a folder is expected, or an I/O failure.
 */
export class GateOutDirError extends WfError {
  readonly outDir: string;
  readonly problem: string;

  constructor(facts: { outDir: string; problem: string; cause?: unknown }) {
    super('GATES_OUT_DIR', `output folder ${facts.outDir}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.outDir = facts.outDir;
    this.problem = facts.problem;
  }
}
