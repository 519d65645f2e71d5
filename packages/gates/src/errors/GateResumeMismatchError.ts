import { WfError } from '@wf/engine';

/** `--resume` of a folder whose manifest.json belongs to another run (config, data or shard plan differ). */
export class GateResumeMismatchError extends WfError {
  readonly manifestPath: string;
  readonly field: string;
  readonly found: string;
  readonly expected: string;

  constructor(facts: { manifestPath: string; field: string; found: string; expected: string }) {
    super(
      'GATES_RESUME_MISMATCH',
      `cannot resume: ${facts.manifestPath} has ${facts.field} ${facts.found}, this run has ${facts.expected}; use a new --out`,
    );
    this.manifestPath = facts.manifestPath;
    this.field = facts.field;
    this.found = facts.found;
    this.expected = facts.expected;
  }
}
