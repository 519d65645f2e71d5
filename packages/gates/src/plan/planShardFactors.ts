import { ShardIndexOutOfRangeError } from '@wf/walk-forward';
import { InvalidShardCountError } from '../errors.js';
import { planGateRun } from './planGateRun.js';

/** Options of {@link planShardFactors}. */
export type PlanShardFactorsOptions = {
  readonly configPath: string;
  /** Overrides the config's data.prices. */
  readonly pricesDir?: string | null;
  /** Panel cache root (`<cacheDir>/panels/`). */
  readonly cacheDir: string;
  readonly refreshCache?: boolean;
  /** The shard, 0..shardCount-1. */
  readonly shardIndex: number;
  /** Shards the config's factors are split over (>= 1). */
  readonly shardCount: number;
};

/**
 * The factor ids of shard `shardIndex` of `shardCount`, in id order: the split wf-gates
 * makes for the same config and data (planGateRun: factors balanced by estimateFactorCost,
 * at most one shard per factor, so an index past the factors is an empty shard). For
 * `wf-walk-forward --shard-index i --shard-count n` run by hand: the split is computed once,
 * here, and the shard runs the list it is given (runWalkForward's `factorIds`).
 * @throws InvalidShardCountError, ShardIndexOutOfRangeError (before anything is read), and what planGateRun throws.
 */
export async function planShardFactors(options: PlanShardFactorsOptions): Promise<readonly string[]> {
  const { shardIndex, shardCount } = options;
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new InvalidShardCountError(shardCount);
  if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= shardCount) throw new ShardIndexOutOfRangeError({ shardIndex, shardCount });
  const plan = await planGateRun({
    configPath: options.configPath,
    pricesDir: options.pricesDir ?? null,
    cacheDir: options.cacheDir,
    refreshCache: options.refreshCache ?? false,
    shardCount,
  });
  return plan.shardPlan.shards[shardIndex]?.factorIds ?? [];
}
