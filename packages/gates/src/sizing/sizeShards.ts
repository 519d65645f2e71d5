import { MemoryBudgetError } from '../errors.js';
import { formatGb } from '@wf/engine';
import { estimateRunMemory, largestFittingShape } from '@wf/walk-forward';

export type SizeShardsOptions = {
  readonly nDates: number;
  readonly nSymbols: number;
  readonly marketCaps: boolean;
  readonly concurrentShards: number;
  /** `--workers`, or null for the default: the cores shared by the shards running at once, fewer when memory is short. */
  readonly workers: number | null;
  readonly cores: number;
  readonly limitBytes: number;
  /** Where the limit came from, for the message: `--max-memory-gb 4` or `the machine's memory`. */
  readonly limitSource: string;
};

/**
 * The worker threads per shard of a run and its estimated peak memory: `--workers` when given,
 * else cores / shards at once lowered until the estimate fits. Refuses (MemoryBudgetError,
 * exit 2) a run whose estimate exceeds the limit even so, saying what would fit.
 */
export function sizeShards(options: SizeShardsOptions): { workers: number; estimatedBytes: number } {
  const shape = { nDates: options.nDates, nSymbols: options.nSymbols, marketCaps: options.marketCaps };
  const byCores = workersByCores(options.cores, options.concurrentShards);
  const candidates = options.workers === null ? Array.from({ length: byCores }, (_, k) => byCores - k) : [options.workers];
  for (const workers of candidates) {
    const estimatedBytes = estimateRunMemory({ ...shape, concurrentShards: options.concurrentShards, workers });
    if (estimatedBytes <= options.limitBytes) return { workers, estimatedBytes };
  }
  const asked = candidates[candidates.length - 1] as number;
  const estimatedBytes = estimateRunMemory({ ...shape, concurrentShards: options.concurrentShards, workers: asked });
  const fits = largestFittingShape(shape, options.concurrentShards, Math.max(options.cores, options.concurrentShards * asked), options.limitBytes);
  const what = `${options.nSymbols} symbols x ${options.nDates} dates, ${options.concurrentShards} shard(s) at once x ${asked} worker(s)`;
  const advice =
    fits === null
      ? `even 1 shard with 1 worker needs ${formatGb(estimateRunMemory({ ...shape, concurrentShards: 1, workers: 1 }))}: run on a machine with more memory, or on fewer symbols or dates`
      : `what fits: --max-parallel ${fits.concurrentShards} --workers ${fits.workers} (${formatGb(fits.bytes)})`;
  throw new MemoryBudgetError({
    estimatedBytes,
    limitBytes: options.limitBytes,
    message: `the run needs an estimated ${formatGb(estimatedBytes)} of memory at its peak (${what}), more than ${options.limitSource} (${formatGb(options.limitBytes)}); ${advice}`,
  });
}

/**
 * The sizing of shards that run on other machines (a launcher that runsElsewhere): `--workers`
 * when given, else 0 (each worker machine's choice), never lowered or refused by this machine's
 * cores and memory; the estimate is one shard's peak on one worker machine.
 */
export function sizeRemoteShards(options: { readonly nDates: number; readonly nSymbols: number; readonly marketCaps: boolean; readonly workers: number | null }): { workers: number; estimatedBytes: number } {
  const { workers, ...shape } = options;
  return { workers: workers ?? 0, estimatedBytes: estimateRunMemory({ ...shape, concurrentShards: 1, workers: Math.max(1, workers ?? 1) }) };
}

/** The default worker threads per shard before memory is considered: the cores shared by the shards running at once, at least one. */
export function workersByCores(cores: number, concurrentShards: number): number {
  return Math.max(1, Math.floor(cores / concurrentShards));
}
