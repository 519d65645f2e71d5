import { WfError } from '@wf/engine';

/** A shard ran other factors than the orchestrator planned for it (the two plans must agree). */
export class ShardPlanMismatchError extends WfError {
  readonly shard: number;
  readonly planned: readonly string[];
  readonly ran: readonly string[];

  constructor(facts: { shard: number; planned: readonly string[]; ran: readonly string[] }) {
    super('GATES_SHARD_PLAN_MISMATCH', `shard ${facts.shard} ran factors [${facts.ran.join(', ')}], the plan gave it [${facts.planned.join(', ')}]`);
    this.shard = facts.shard;
    this.planned = facts.planned;
    this.ran = facts.ran;
  }
}
