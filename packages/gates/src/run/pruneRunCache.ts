import { isWfError, pruneCache } from '@wf/engine';
import type { GateRunEvent } from './GateRunEvent.js';

/** Options of {@link pruneRunCache}. */
export type PruneRunCacheOptions = {
  readonly cacheDir: string;
  /** Size limit in bytes (`--cache-max-gb`). */
  readonly maxBytes: number;
  /** Monotonic ms clock (for elapsedMs). */
  readonly nowMs: () => number;
};

/**
 * The end of a finished gate run: the cache folder pruned to `maxBytes`, least recently
 * used entries first (pruneCache; this run's entries are the most recent). Reported as an
 * event, `cache pruned`, or `cache prune failed` when the folder could not be pruned: by
 * then the verdict and reports are written, so a housekeeping failure is logged as a
 * warning instead of failing the run; the next run's prune (or `wf-cache prune`) retries.
 * Unexpected errors (bugs) are rethrown.
 */
export function pruneRunCache(options: PruneRunCacheOptions): GateRunEvent {
  const startedMs = options.nowMs();
  const elapsedMs = (): number => Math.round(options.nowMs() - startedMs);
  try {
    const result = pruneCache({ dir: options.cacheDir, maxBytes: options.maxBytes });
    return {
      type: 'cache pruned',
      cacheDir: result.dir,
      maxBytes: options.maxBytes,
      removedFiles: result.removed.length,
      removedBytes: result.removedBytes,
      bytesBefore: result.bytesBefore,
      bytesAfter: result.bytesAfter,
      overLimit: result.overLimit,
      elapsedMs: elapsedMs(),
    };
  } catch (error) {
    if (!isWfError(error)) throw error;
    return { type: 'cache prune failed', cacheDir: options.cacheDir, message: error.message, elapsedMs: elapsedMs() };
  }
}
