import { removeCacheFile } from './removeCacheFile.js';
import { EVICTABLE_KINDS, scanCache } from './scanCache.js';
import type { CacheFile, CacheFileKind } from './scanCache.js';
import { compareCodePoints } from '../../util/compareCodePoints.js';

/** Default size limit of a cache folder, in GB (10^9 bytes): `--cache-max-gb` of wf-gates and `--max-gb` of wf-cache prune. */
export const DEFAULT_CACHE_MAX_GB = 2;

/** A temp file younger than this may belong to a writer still at work and is kept; older ones are debris of a crash. */
export const STALE_TEMP_MS = 10 * 60_000;

/** Options of {@link pruneCache}. */
export type PruneCacheOptions = {
  /** The cache folder (`--cache-dir`). */
  readonly dir: string;
  /** Size limit in bytes of all the folder's files; null: no limit (only stale temp files go). */
  readonly maxBytes: number | null;
  /** Report what would go without removing anything. Default false. */
  readonly dryRun?: boolean;
  /** Age in ms from which a temp file counts as stale (default STALE_TEMP_MS). */
  readonly staleTempMs?: number;
  /** Wall clock in ms since the epoch (default Date.now), to age temp files. */
  readonly nowMs?: number;
};

/** One file removed (or, in a dry run, to be removed). */
export type PrunedCacheFile = {
  readonly path: string;
  readonly relativePath: string;
  readonly kind: CacheFileKind;
  readonly bytes: number;
  readonly lastUsedMs: number;
};

/** What a prune did (or, in a dry run, would do). */
export type CachePruneResult = {
  readonly dir: string;
  readonly maxBytes: number | null;
  readonly dryRun: boolean;
  /** Bytes of all files of the folder before and after (after = before minus the files removed here and by others meanwhile). */
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  /** Entries evicted, least recently used first, then stale temp files. */
  readonly removed: readonly PrunedCacheFile[];
  readonly removedBytes: number;
  /** Entries chosen but kept because another process used or replaced them meanwhile. */
  readonly keptInUse: number;
  /** True when the folder is still over the limit: what is left cannot be evicted (stat indexes, fresh temp files, other files). */
  readonly overLimit: boolean;
};

/**
 * Least-recently-used eviction of a cache folder to a size limit (issue 11, cache
 * housekeeping). Every temp file older than `staleTempMs` goes first (a crashed writer's);
 * then whole entries (panel, universe, signal) in order of last use (mtime: written or hit,
 * see markCacheEntryUsed; ties by path) until the files of the folder total at most
 * `maxBytes`. Never removed: stat indexes (tiny; they only point to panels), temp files
 * younger than `staleTempMs` (a concurrent writer's), other files such as locks, folders.
 *
 * Safe while runs and other prunes use the folder: removal is the only change, one unlink
 * per file, re-checked just before (an entry used or replaced since the scan is kept), and
 * a file already gone is skipped. A run that finds an entry gone recomputes it (a miss).
 * @throws CacheDirError, CacheIoError (a file that exists but cannot be removed).
 */
export function pruneCache(options: PruneCacheOptions): CachePruneResult {
  const dryRun = options.dryRun ?? false;
  const nowMs = options.nowMs ?? Date.now();
  const staleTempMs = options.staleTempMs ?? STALE_TEMP_MS;
  const { maxBytes } = options;
  if (maxBytes !== null && !(Number.isFinite(maxBytes) && maxBytes >= 0)) throw new RangeError(`pruneCache: maxBytes ${maxBytes} is not a byte count >= 0`);
  const scan = scanCache({ dir: options.dir });
  const bytesBefore = scan.files.reduce((sum, file) => sum + file.bytes, 0);
  let total = bytesBefore;
  const removed: PrunedCacheFile[] = [];
  let keptInUse = 0;
  const remove = (file: CacheFile, checkUse: boolean): void => {
    const outcome = dryRun ? 'removed' : removeCacheFile({ path: file.path, ino: file.ino, lastUsedMs: checkUse ? file.lastUsedMs : null });
    if (outcome === 'changed') {
      keptInUse++;
      return;
    }
    total -= file.bytes;
    if (outcome === 'removed') removed.push({ path: file.path, relativePath: file.relativePath, kind: file.kind, bytes: file.bytes, lastUsedMs: file.lastUsedMs });
  };

  for (const file of scan.files) {
    if (file.kind === 'temp' && nowMs - file.lastUsedMs > staleTempMs) remove(file, true);
  }
  if (maxBytes !== null && total > maxBytes) {
    const candidates = scan.files
      .filter((file) => EVICTABLE_KINDS.has(file.kind))
      .sort((a, b) => a.lastUsedMs - b.lastUsedMs || compareCodePoints(a.relativePath, b.relativePath));
    for (const file of candidates) {
      if (total <= maxBytes) break;
      remove(file, true);
    }
  }
  // Stale temp files were listed first; report evictions first, in eviction order.
  removed.sort((a, b) => Number(a.kind === 'temp') - Number(b.kind === 'temp'));
  const removedBytes = removed.reduce((sum, file) => sum + file.bytes, 0);
  return { dir: scan.dir, maxBytes, dryRun, bytesBefore, bytesAfter: total, removed, removedBytes, keptInUse, overLimit: maxBytes !== null && total > maxBytes };
}
