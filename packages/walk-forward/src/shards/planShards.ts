import { InvalidShardCountError } from './InvalidShardCountError.js';
import { DuplicateShardFactorError } from './DuplicateShardFactorError.js';

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
 * (ties by id) to the shard with the least cost so far (ties to the lowest index), then
 * single moves and pairwise swaps even the loads out (balanceByMovesAndSwaps). Pure and
 * deterministic: the same factors (in any input order) and count give the same plan, which
 * is how a shard process and the orchestrator agree on it without talking.
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
  costed.sort((a, b) => (a.cost !== b.cost ? b.cost - a.cost : compareIds(a.id, b.id)));
  const costs = costed.map((c) => c.cost);
  const loads = new Array<number>(shardCount).fill(0);
  const shardOf = new Array<number>(costed.length).fill(0);
  costs.forEach((cost, i) => {
    let target = 0;
    for (let s = 1; s < shardCount; s++) if ((loads[s] as number) < (loads[target] as number)) target = s;
    loads[target] = (loads[target] as number) + cost;
    shardOf[i] = target;
  });
  balanceByMovesAndSwaps(costs, shardOf, loads);
  const members: string[][] = Array.from({ length: shardCount }, () => []);
  costed.forEach(({ id }, i) => (members[shardOf[i] as number] as string[]).push(id));
  return {
    shardCount,
    shards: members.map((ids, index) => ({ index, factorIds: ids.sort(compareIds), cost: loads[index] as number })),
  };
}

/**
 * Improves a longest-first assignment in place: while moving one factor to another shard, or
 * swapping two factors of different shards, makes that pair of shards more even (lowers the
 * sum of squared loads), applies the best such step (first found on ties, in cost order).
 * Longest-first alone can miss an even split (costs 11, 11, 10, 10, 10 on two shards: 31/21
 * where 30/22 exists); this finds it. Terminates: every step lowers the sum of squares.
 */
function balanceByMovesAndSwaps(costs: readonly number[], shardOf: number[], loads: number[]): void {
  const total = costs.reduce((a, b) => a + b, 0);
  const minGain = 1e-9 * total * total;
  const square = (x: number): number => x * x;
  for (let step = 0; step < 10_000; step++) {
    let best = { gain: minGain, i: -1, j: -1, to: -1 };
    for (let i = 0; i < costs.length; i++) {
      const from = shardOf[i] as number;
      const ci = costs[i] as number;
      const lf = loads[from] as number;
      for (let to = 0; to < loads.length; to++) {
        if (to === from) continue;
        const lt = loads[to] as number;
        const gain = square(lf) + square(lt) - square(lf - ci) - square(lt + ci);
        if (gain > best.gain) best = { gain, i, j: -1, to };
      }
      for (let j = i + 1; j < costs.length; j++) {
        const other = shardOf[j] as number;
        if (other === from) continue;
        const d = (costs[j] as number) - ci;
        const lo = loads[other] as number;
        const gain = square(lf) + square(lo) - square(lf + d) - square(lo - d);
        if (gain > best.gain) best = { gain, i, j, to: other };
      }
    }
    if (best.i < 0) return;
    const from = shardOf[best.i] as number;
    const ci = costs[best.i] as number;
    if (best.j < 0) {
      loads[from] = (loads[from] as number) - ci;
      loads[best.to] = (loads[best.to] as number) + ci;
      shardOf[best.i] = best.to;
    } else {
      const d = (costs[best.j] as number) - ci;
      loads[from] = (loads[from] as number) + d;
      loads[best.to] = (loads[best.to] as number) - d;
      shardOf[best.i] = best.to;
      shardOf[best.j] = from;
    }
  }
}

/**
 * Work of one candidate besides its signal, in costHint units (1 = one simple rolling-window
 * signal over the panel, about 10 ms on the S&P panel): ranking the scored set per date and
 * the daily table (IC, quantiles, long-short returns), about 40 ms whatever the factor.
 */
export const CANDIDATE_BASE_COST = 4;
/** Per-factor work besides its candidates (engine set-up, per-window selection and rows), in costHint units. */
export const FACTOR_BASE_COST = 4;

/**
 * The planner's estimate of a factor's work: windows x (candidates x (costHint +
 * CANDIDATE_BASE_COST) + FACTOR_BASE_COST). Fitted on the S&P nightly (sp500.yaml, ten
 * factors, one shard): every factor came within about 10% of 9.3 ms per unit, where
 * costHint x candidates alone ranged from 28 to 97 ms per unit (it left out the ranking and
 * simulation every candidate pays). Only the ratios between factors matter to the plan.
 */
export function estimateFactorCost(factor: ShardFactor): number {
  return factor.windows * (factor.candidates * ((factor.costHint ?? 1) + CANDIDATE_BASE_COST) + FACTOR_BASE_COST);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
