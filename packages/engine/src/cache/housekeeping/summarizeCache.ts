import { CACHE_FILE_KINDS } from './scanCache.js';
import type { CacheFileKind, CacheScan } from './scanCache.js';

/** Count, bytes and the range of last uses of the files of one kind (null times when there are none). */
export type CacheKindStats = {
  readonly files: number;
  readonly bytes: number;
  /** Oldest and newest last use (mtime), ms since the epoch. */
  readonly oldestUseMs: number | null;
  readonly newestUseMs: number | null;
};

/** What `wf-cache stats` reports: per kind and in total. */
export type CacheStats = {
  readonly dir: string;
  readonly kinds: Readonly<Record<CacheFileKind, CacheKindStats>>;
  readonly total: CacheKindStats;
};

/** Per-kind and total counts, sizes and last-use ranges of a scanned cache folder. */
export function summarizeCache(scan: CacheScan): CacheStats {
  const kinds = Object.fromEntries(CACHE_FILE_KINDS.map((kind) => [kind, summarize(scan, kind)])) as Record<CacheFileKind, CacheKindStats>;
  return { dir: scan.dir, kinds, total: summarize(scan, null) };
}

function summarize(scan: CacheScan, kind: CacheFileKind | null): CacheKindStats {
  let files = 0;
  let bytes = 0;
  let oldestUseMs: number | null = null;
  let newestUseMs: number | null = null;
  for (const file of scan.files) {
    if (kind !== null && file.kind !== kind) continue;
    files++;
    bytes += file.bytes;
    if (oldestUseMs === null || file.lastUsedMs < oldestUseMs) oldestUseMs = file.lastUsedMs;
    if (newestUseMs === null || file.lastUsedMs > newestUseMs) newestUseMs = file.lastUsedMs;
  }
  return { files, bytes, oldestUseMs, newestUseMs };
}
