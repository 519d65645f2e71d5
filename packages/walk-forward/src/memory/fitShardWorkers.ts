import { checkMemoryNeed, formatGb } from '@wf/engine';
import type { MemoryLimit } from '@wf/engine';
import { estimateRunMemory, MEMORY_MODEL } from './estimateRunMemory.js';

export type ShardShape = { readonly nDates: number; readonly nSymbols: number; readonly marketCaps: boolean };

/** Estimated peak resident bytes of one shard process computing on `workers` threads (estimateRunMemory without an orchestrator). */
export function estimateShardMemory(shape: ShardShape & { readonly workers: number }): number {
  return estimateRunMemory({ ...shape, concurrentShards: 1 }) - MEMORY_MODEL.processBytes;
}

/**
 * The worker threads a shard computes on under a memory limit: `workers` when its estimate
 * fits (or there is no limit); else, when `lower` (the caller did not ask for a number), the
 * most that fit; else, or when not even one fits, a MemoryLimitError naming the size needed
 * and what would fit. Checked before the shard allocates its market and score matrices.
 */
export function fitShardWorkers(options: ShardShape & { readonly workers: number; readonly lower: boolean; readonly limit: MemoryLimit | null }): number {
  const { limit, workers, lower, ...shape } = options;
  const needBytes = estimateShardMemory({ ...shape, workers });
  if (limit === null || needBytes <= limit.bytes) return workers;
  let fits = 0;
  for (let k = workers - 1; k >= 1 && fits === 0; k--) if (estimateShardMemory({ ...shape, workers: k }) <= limit.bytes) fits = k;
  if (lower && fits > 0) return fits;
  const one = estimateShardMemory({ ...shape, workers: 1 });
  checkMemoryNeed({
    what: `the run (${shape.nSymbols} symbols x ${shape.nDates} dates, ${workers} worker thread${workers === 1 ? '' : 's'})`,
    needBytes,
    limit,
    hint: fits > 0 ? `what fits: --workers ${fits}` : `even 1 worker needs ${formatGb(one)}: run on a machine with more memory, or on fewer symbols or dates`,
  });
  return workers;
}
