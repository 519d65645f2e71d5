import { InvalidShardCountError, DuplicateShardFactorError } from '../errors.js';
import { compareCodePoints } from '@wf/engine';
import { estimateFactorCost } from '@wf/walk-forward';

/** What the shard planner knows about one factor of a run. */
export type ShardFactor = {
  readonly id: string;
  /** The factor definition's relative compute cost (FactorDefinition.costHint); absent = 1. */
  readonly costHint?: number | undefined;
  /** Number of candidates (parameter sets) selected among per window, PROTOCOL section 7. */
  readonly candidates: number;
  /** Number of walk-forward windows, PROTOCOL section 6. */
  readonly windows: number;
};

export type PlanShardsOptions = {
  readonly factors: readonly ShardFactor[];
  /** n >= 1 shard processes. */
  readonly shardCount: number;
};

/** One shard of a plan: the factors it runs, in id (code-point) order. */
export type Shard = {
  readonly index: number;
  readonly factorIds: readonly string[];
  /** Sum of its factors' estimated costs ({@link estimateFactorCost}). */
  readonly cost: number;
};

export type ShardPlan = {
  readonly shardCount: number;
  /** Exactly shardCount shards (some may be empty when there are fewer factors than shards). */
  readonly shards: readonly Shard[];
};

/**
 * Splits a run's factors over `shardCount` processes (DESIGN.md, nightly step 1). Each
 * factor's estimated cost is {@link estimateFactorCost}; factors go longest-first
 * (ties by id) to the shard with the least cost so far (ties to the lowest index). Pure and
 * deterministic: the same factors (in any input order) and count give the same plan, so a
 * resumed run finds the plan its manifest recorded. Each shard is given its factor list.
 */
export function planShards(options: PlanShardsOptions): ShardPlan {
  const { factors, shardCount } = options;
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new InvalidShardCountError(shardCount);
  const seen = new Set<string>();
  for (const factor of factors) {
    if (seen.has(factor.id)) throw new DuplicateShardFactorError(factor.id);
    seen.add(factor.id);
  }
  const costed = factors.map((factor) => ({ id: factor.id, cost: estimateFactorCost(factor) }));
  costed.sort((a, b) => (a.cost !== b.cost ? b.cost - a.cost : compareCodePoints(a.id, b.id)));
  const loads = new Array<number>(shardCount).fill(0);
  const members: string[][] = Array.from({ length: shardCount }, () => []);
  for (const { id, cost } of costed) {
    let target = 0;
    for (let s = 1; s < shardCount; s++) if ((loads[s] as number) < (loads[target] as number)) target = s;
    loads[target] = (loads[target] as number) + cost;
    (members[target] as string[]).push(id);
  }
  return {
    shardCount,
    shards: members.map((ids, index) => ({ index, factorIds: ids.sort(compareCodePoints), cost: loads[index] as number })),
  };
}
