import { WfError } from '@wf/engine';

/**
 * A shard's run.json names other factors than the job gave it (`--factors`): its launcher did
 * not run the job it was handed, or the folder holds another run's files.
 */
export class ShardFactorsMismatchError extends WfError {
  readonly shard: number;
  readonly given: readonly string[];
  readonly ran: readonly string[];

  constructor(facts: { shard: number; given: readonly string[]; ran: readonly string[] }) {
    super('GATES_SHARD_FACTORS_MISMATCH', `shard ${facts.shard} ran factors [${facts.ran.join(', ')}], its job gave it [${facts.given.join(', ')}]`);
    this.shard = facts.shard;
    this.given = facts.given;
    this.ran = facts.ran;
  }
}
