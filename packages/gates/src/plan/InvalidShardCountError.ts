import { WfError } from '@wf/engine';

/** `--shard-count` that is not a positive integer. */
export class InvalidShardCountError extends WfError {
  readonly shardCount: number;

  constructor(shardCount: number) {
    super('INVALID_SHARD_COUNT', `shard count ${String(shardCount)} is invalid; expected an integer >= 1`);
    this.shardCount = shardCount;
  }
}
