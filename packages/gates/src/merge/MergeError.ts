import { WfError } from '@wf/engine';

/** Shard files that cannot be merged: different headers, or one factor in two shards. */
export class MergeError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('MERGE_FAILED', `cannot merge ${facts.file}: ${facts.problem}`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}
