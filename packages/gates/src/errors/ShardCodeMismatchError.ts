import { WfError } from '@wf/engine';

/**
 * A shard's run.json records another code identity than the orchestrator's: the build or a
 * user factor module changed while the run was going, so its files cannot be merged.
 */
export class ShardCodeMismatchError extends WfError {
  readonly shard: number;
  /** One phrase per change from the orchestrator's identity to the shard's (see diffCodeIdentity). */
  readonly changes: readonly string[];

  constructor(facts: { shard: number; changes: readonly string[] }) {
    super('GATES_SHARD_CODE_MISMATCH', `shard ${facts.shard} ran other code than this run: ${facts.changes.join('; ')}; start a new run`);
    this.shard = facts.shard;
    this.changes = facts.changes;
  }
}
