import { WfError } from '@wf/engine';

/** The run was stopped (SIGINT/SIGTERM): children were stopped, their rows kept; `--resume` continues. */
export class RunInterruptedError extends WfError {
  readonly outDir: string;
  readonly reason: string;

  constructor(facts: { outDir: string; reason: string }) {
    super('GATES_INTERRUPTED', `run interrupted (${facts.reason}); rows written so far are kept, continue with --resume --out ${facts.outDir}`);
    this.outDir = facts.outDir;
    this.reason = facts.reason;
  }
}
