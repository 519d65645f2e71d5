import { WfError } from '@wf/engine';

/**
 * `--resume` of a run whose recorded code identity (run.json of a shard, manifest.json of a
 * gate run) differs from the code running now: an edited user factor module or a file it
 * imports, a rebuilt engine, another node. Finished windows were computed by the old code,
 * so continuing would mix two codes in one report.
 */
export class ResumeCodeChangedError extends WfError {
  /** run.json or manifest.json. */
  readonly stateFile: string;
  /** One phrase per change (see diffCodeIdentity). */
  readonly changes: readonly string[];

  constructor(facts: { stateFile: string; changes: readonly string[] }) {
    super('RESUME_CODE_CHANGED', `code changed since the run started: ${facts.changes.join('; ')}; resume refused (start a new run)`);
    this.stateFile = facts.stateFile;
    this.changes = facts.changes;
  }
}
