import { WfError } from '@wf/engine';

/** Merged walk-forward files that cannot feed the gates (a missing column, rows that do not line up). */
export class GateInputError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('GATE_INPUT', `cannot compute gates from ${facts.file}: ${facts.problem}`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}
