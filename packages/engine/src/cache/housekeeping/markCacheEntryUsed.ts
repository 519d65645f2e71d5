import { utimesSync } from 'node:fs';

/**
 * Records that the cache entry at `path` was just used, for least-recently-used eviction
 * (pruneCache): its mtime (and atime) become now, so "last used" is the later of its write
 * and its last hit. One utimes call, no read or write of the content; entries are immutable
 * once renamed into place, so their mtime carries no other meaning.
 *
 * Advisory: a failure (an entry pruned meanwhile, a read-only cache folder, an entry owned
 * by another user) is ignored on purpose, since the hit itself is valid and the entry then
 * only looks older than it is to the next prune.
 */
export function markCacheEntryUsed(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // See above: recency is a hint for eviction, never a reason to fail a cache hit.
  }
}
