import { PROCESS_BASE_BYTES } from '@wf/engine';

/**
 * Bytes per panel cell (symbol-day) of what a run holds, measured on the 5,000 x 5,000
 * generated book (analysis/perf_benchmarks/2026-12-02-scale/): the model behind wf-gates'
 * memory check (`--max-memory-gb`). Estimates, deliberately on the high side.
 */
export const MEMORY_MODEL = {
  /** A shard process's shared state: panel (5 fields x 8 B), returns (8), returns ranking (4), universe (1), and the copies made while sharing them. */
  shardBytesPerCell: 66,
  /** Each worker (or a shard computing on its own thread): a score matrix (8), its ranking (4) and the factor kernels' scratch. */
  workerBytesPerCell: 36,
  /** One market-cap field more in the panel, when the config has market caps. */
  marketCapBytesPerCell: 8,
  /** Node, the bundle and small state per process. */
  processBytes: PROCESS_BASE_BYTES,
} as const;

export type RunMemoryShape = {
  readonly nDates: number;
  readonly nSymbols: number;
  readonly marketCaps: boolean;
  /** Shard processes running at once. */
  readonly concurrentShards: number;
  /** Worker threads per shard. */
  readonly workers: number;
};

/** Estimated peak resident bytes of the shards of a run, with wf-gates' own process. */
export function estimateRunMemory(shape: RunMemoryShape): number {
  const cells = shape.nDates * shape.nSymbols;
  const perShard =
    MEMORY_MODEL.processBytes +
    cells * (MEMORY_MODEL.shardBytesPerCell + (shape.marketCaps ? MEMORY_MODEL.marketCapBytesPerCell : 0) + shape.workers * MEMORY_MODEL.workerBytesPerCell);
  return MEMORY_MODEL.processBytes + shape.concurrentShards * perShard;
}

/**
 * The largest (shards at once, workers per shard) that fits `limitBytes`, most cores first
 * (shards x workers, then fewer shards: one process shares one panel), or null when even one
 * shard with one worker does not fit.
 */
export function largestFittingShape(shape: Omit<RunMemoryShape, 'concurrentShards' | 'workers'>, maxShards: number, maxThreads: number, limitBytes: number): { concurrentShards: number; workers: number; bytes: number } | null {
  let best: { concurrentShards: number; workers: number; bytes: number } | null = null;
  for (let shards = 1; shards <= maxShards; shards++) {
    for (let workers = 1; shards * workers <= Math.max(1, maxThreads); workers++) {
      const bytes = estimateRunMemory({ ...shape, concurrentShards: shards, workers });
      if (bytes > limitBytes) continue;
      const threads = shards * workers;
      const bestThreads = best === null ? 0 : best.concurrentShards * best.workers;
      if (best === null || threads > bestThreads || (threads === bestThreads && shards < best.concurrentShards)) best = { concurrentShards: shards, workers, bytes };
    }
  }
  return best;
}
