import { WfError } from '@wf/engine';

/**
 * `--resume` on an output folder written by a different run: another config, data, factor
 * selection, shard or protocol version (its run.json key differs).
 */
export class ResumeMismatchError extends WfError {
  readonly stateFile: string;
  readonly expectedKey: string;
  readonly foundKey: string;

  constructor(facts: { stateFile: string; expectedKey: string; foundKey: string }) {
    super(
      'RESUME_MISMATCH',
      `cannot resume: ${facts.stateFile} has run key ${facts.foundKey.slice(0, 12)}..., this run's is ${facts.expectedKey.slice(0, 12)}... ` +
        '(the config, data, factors or shard differ); use --force to start over',
    );
    this.stateFile = facts.stateFile;
    this.expectedKey = facts.expectedKey;
    this.foundKey = facts.foundKey;
  }
}
