import { lstatSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { CacheDirError, CacheIoError } from '../../errors.js';
import { compareCodePoints } from '../../util/compareCodePoints.js';

/**
 * What a file in the cache folder is, by its place and name:
 * - `panel`: `panels/<fingerprint>-<engine code id, 16 hex>.bin`, a binary panel (PanelCache);
 * - `panel-index`: `panels/sources-<key>.json`, a stat index (tiny; never evicted);
 * - `universe`: `universe/<key>.bin` (UniverseCache);
 * - `signal`: `signals/<key[0..2]>/<key>.bin` (SignalCache);
 * - `window`: `windows/<key[0..2]>/<key>.bin`, a walk-forward unit's rows (WindowCache);
 * - `temp`: `<target>.<pid>.<12 hex>.tmp`, a write in progress or left by a crashed writer (writeFileAtomic);
 * - `other`: anything else (locks, foreign files); never evicted or verified.
 */
export type CacheFileKind = 'panel' | 'panel-index' | 'universe' | 'signal' | 'window' | 'temp' | 'other';

/** Every kind, in report order. */
export const CACHE_FILE_KINDS: readonly CacheFileKind[] = ['panel', 'panel-index', 'universe', 'signal', 'window', 'temp', 'other'];

/** The kinds pruneCache may evict (whole entries, each recomputed on its next miss). */
export const EVICTABLE_KINDS: ReadonlySet<CacheFileKind> = new Set<CacheFileKind>(['panel', 'universe', 'signal', 'window']);

/** One regular file of the cache folder as the scan saw it. */
export type CacheFile = {
  readonly path: string;
  /** Relative to the cache folder, `/`-separated. */
  readonly relativePath: string;
  readonly kind: CacheFileKind;
  /** The entry's key (fingerprint) for panel, panel-index, universe, signal and window files, else null. */
  readonly key: string | null;
  readonly bytes: number;
  /** mtime in ms since the epoch: the entry's last write or last hit (markCacheEntryUsed). */
  readonly lastUsedMs: number;
  /** Inode number: tells a file replaced since the scan from the one seen. */
  readonly ino: number;
};

/** The regular files under a cache folder, sorted by relative path. */
export type CacheScan = {
  /** The cache folder, absolute. */
  readonly dir: string;
  readonly files: readonly CacheFile[];
};

const KEY = '[0-9a-f]{64}';
const PANEL = new RegExp(`^panels/(${KEY})-[0-9a-f]{16}\\.bin$`);
const PANEL_INDEX = new RegExp(`^panels/sources-(${KEY})\\.json$`);
const UNIVERSE = new RegExp(`^universe/(${KEY})\\.bin$`);
const SIGNAL = new RegExp(`^signals/([0-9a-f]{2})/(${KEY})\\.bin$`);
const WINDOW = new RegExp(`^windows/([0-9a-f]{2})/(${KEY})\\.bin$`);
const TEMP = /\.\d+\.[0-9a-f]{12}\.tmp$/;

/** The kind and key of the file at `relativePath` (`/`-separated, relative to the cache folder). */
export function classifyCachePath(relativePath: string): { readonly kind: CacheFileKind; readonly key: string | null } {
  if (TEMP.test(relativePath)) return { kind: 'temp', key: null };
  const panel = PANEL.exec(relativePath);
  if (panel !== null) return { kind: 'panel', key: panel[1]! };
  const index = PANEL_INDEX.exec(relativePath);
  if (index !== null) return { kind: 'panel-index', key: index[1]! };
  const universe = UNIVERSE.exec(relativePath);
  if (universe !== null) return { kind: 'universe', key: universe[1]! };
  const signal = SIGNAL.exec(relativePath);
  if (signal !== null && signal[2]!.startsWith(signal[1]!)) return { kind: 'signal', key: signal[2]! };
  const unit = WINDOW.exec(relativePath);
  if (unit !== null && unit[2]!.startsWith(unit[1]!)) return { kind: 'window', key: unit[2]! };
  return { kind: 'other', key: null };
}

/**
 * Walks the cache folder (`--cache-dir`) and lists its regular files with kind, size and
 * last use. Symbolic links are listed as `other` and never followed. Safe while other
 * processes write and prune: a file or folder that vanishes during the walk is left out.
 * @throws CacheDirError when `dir` is missing or not a folder; CacheIoError when a folder
 * or file inside it cannot be read for another reason than vanishing.
 */
export function scanCache(options: { readonly dir: string }): CacheScan {
  const dir = path.resolve(options.dir);
  let root: Stats;
  try {
    root = statSync(dir); // the folder itself may be a link
  } catch (error) {
    throw new CacheDirError({ dir, problem: isNotFound(error) ? 'does not exist' : 'cannot be read', cause: error });
  }
  if (!root.isDirectory()) throw new CacheDirError({ dir, problem: 'is not a folder' });
  const files: CacheFile[] = [];
  walk(dir, '', files);
  files.sort((a, b) => compareCodePoints(a.relativePath, b.relativePath));
  return { dir, files };
}

function walk(folder: string, relative: string, out: CacheFile[]): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if (isNotFound(error)) return;
    throw new CacheIoError({ what: 'cache folder', path: folder, operation: 'list', cause: error });
  }
  for (const name of names) {
    const full = path.join(folder, name);
    const relativePath = relative === '' ? name : `${relative}/${name}`;
    let stats: Stats;
    try {
      stats = lstatSync(full);
    } catch (error) {
      if (isNotFound(error)) continue;
      throw new CacheIoError({ what: 'cache entry', path: full, operation: 'stat', cause: error });
    }
    if (stats.isDirectory()) {
      walk(full, relativePath, out);
      continue;
    }
    const { kind, key } = stats.isFile() ? classifyCachePath(relativePath) : { kind: 'other' as const, key: null };
    out.push({ path: full, relativePath, kind, key, bytes: stats.size, lastUsedMs: stats.mtimeMs, ino: stats.ino });
  }
}

/** True for the errno codes of a path that is not there (any more). */
export function isNotFound(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
