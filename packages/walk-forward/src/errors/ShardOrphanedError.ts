import { WfError } from '@wf/engine';

/**
 * The orchestrator that started this shard is gone (its IPC channel closed, or its run
 * lock no longer holds the token it gave the shard): the shard stops before appending
 * another unit, so a resumed run is the only writer of the folder.
 */
export class ShardOrphanedError extends WfError {
  readonly outDir: string;
  readonly reason: string;

  constructor(facts: { outDir: string; reason: string }) {
    super('SHARD_ORPHANED', `stopped writing ${facts.outDir}: ${facts.reason}`);
    this.outDir = facts.outDir;
    this.reason = facts.reason;
  }
}
