import { WfError } from '@wf/engine';

/** The output folder's files cannot be the partial output of this run (missing run.json, foreign rows, rows out of order). */
export class ResumeStateError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('RESUME_STATE', `cannot resume from ${facts.file}: ${facts.problem}; use --force to start over`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}
