import { WfError } from '@wf/engine';

/** `--shard-index` outside 0..shardCount-1. */
export class ShardIndexOutOfRangeError extends WfError {
  readonly shardIndex: number;
  readonly shardCount: number;

  constructor(facts: { shardIndex: number; shardCount: number }) {
    super(
      'SHARD_INDEX_OUT_OF_RANGE',
      `shard index ${String(facts.shardIndex)} is out of range; expected an integer from 0 to ${facts.shardCount - 1} (shard count ${facts.shardCount})`,
    );
    this.shardIndex = facts.shardIndex;
    this.shardCount = facts.shardCount;
  }
}
