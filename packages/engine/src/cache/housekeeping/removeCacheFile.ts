import { lstatSync, unlinkSync } from 'node:fs';
import { CacheIoError } from '../../errors.js';
import { isNotFound } from './scanCache.js';

/** What became of one removal: done, the file was already gone, or it changed since it was seen (kept). */
export type RemoveOutcome = 'removed' | 'vanished' | 'changed';

/** Options of {@link removeCacheFile}: the file and what it looked like when it was chosen. */
export type RemoveCacheFileOptions = {
  readonly path: string;
  readonly ino: number;
  /** Its mtime when chosen; null: do not compare (a corrupt entry is removed whatever its use). */
  readonly lastUsedMs: number | null;
};

/**
 * Unlinks a cache file unless another process replaced it (other inode) or, with
 * `lastUsedMs`, used it (newer mtime) since it was chosen; a file already gone is fine.
 * Unlinking is the only change housekeeping makes, and it is safe for readers: on POSIX a
 * file open in another process stays readable after unlink, and every cache read path
 * treats an absent entry as a miss and recomputes it. Folders are never removed: a writer
 * creates its folder, then its temp file in it, and must not find the folder gone between.
 * @throws CacheIoError when the file exists but cannot be removed.
 */
export function removeCacheFile(options: RemoveCacheFileOptions): RemoveOutcome {
  try {
    const now = lstatSync(options.path);
    if (now.ino !== options.ino) return 'changed';
    if (options.lastUsedMs !== null && now.mtimeMs !== options.lastUsedMs) return 'changed';
    unlinkSync(options.path);
    return 'removed';
  } catch (error) {
    if (isNotFound(error)) return 'vanished';
    throw new CacheIoError({ what: 'cache file', path: options.path, operation: 'remove', cause: error });
  }
}
