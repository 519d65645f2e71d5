import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { decodePanel } from '../../data/PanelCache.js';
import { verifyUnitEntry } from '../WindowCache.js';
import { verifyUniverseEntry } from '../../universe/UniverseCache.js';
import { decodeSignalBundle } from '../signalBundleCodec.js';
import { CacheIoError } from '../../errors.js';
import { removeCacheFile } from './removeCacheFile.js';
import { isNotFound, scanCache } from './scanCache.js';
import type { CacheFile, CacheFileKind } from './scanCache.js';

/** Options of {@link verifyCache}. */
export type VerifyCacheOptions = {
  /** The cache folder (`--cache-dir`). */
  readonly dir: string;
  /** Remove every corrupt file found (each is recomputed on its next miss). Default false. */
  readonly deleteCorrupt?: boolean;
};

/** A file that failed verification. */
export type CorruptCacheFile = {
  readonly path: string;
  readonly relativePath: string;
  readonly kind: CacheFileKind;
  readonly bytes: number;
  /** Why it cannot be trusted, as the cache's own decoder says. */
  readonly reason: string;
  /** True when `deleteCorrupt` removed it (false when it was replaced or removed by another process meanwhile). */
  readonly deleted: boolean;
};

/** What `wf-cache verify` found. */
export type CacheVerifyResult = {
  readonly dir: string;
  /** Files read and checked (panel, panel-index, universe, signal), and their bytes. */
  readonly checkedFiles: number;
  readonly checkedBytes: number;
  readonly corrupt: readonly CorruptCacheFile[];
  /** Files that vanished between the scan and their read (pruned or replaced by another process). */
  readonly vanished: number;
  /** Temp and other files, which have no format to check. */
  readonly unchecked: number;
};

/**
 * Reads every entry of the cache folder and checks it with the decoder its cache uses on a
 * hit: header, length, key and checksum (PanelCache's decodePanel, verifyUniverseEntry,
 * decodeSignalBundle, verifyUnitEntry); a stat index must be JSON naming a fingerprint. A corrupt entry is
 * harmless to runs (a miss, recomputed), but shows a failing disk or a foreign writer.
 * Read-only unless `deleteCorrupt`; safe while runs use the folder.
 * @throws CacheDirError, CacheIoError (a file that exists but cannot be read or removed).
 */
export function verifyCache(options: VerifyCacheOptions): CacheVerifyResult {
  const scan = scanCache({ dir: options.dir });
  const corrupt: CorruptCacheFile[] = [];
  let checkedFiles = 0;
  let checkedBytes = 0;
  let vanished = 0;
  let unchecked = 0;
  for (const file of scan.files) {
    if (file.kind === 'temp' || file.kind === 'other') {
      unchecked++;
      continue;
    }
    const read = readEntry(file.path);
    if (read === null) {
      vanished++;
      continue;
    }
    checkedFiles++;
    checkedBytes += read.bytes.length;
    const reason = problemOf(file, read.bytes);
    if (reason === null) continue;
    const deleted = options.deleteCorrupt === true && removeCacheFile({ path: file.path, ino: read.ino, lastUsedMs: null }) === 'removed';
    corrupt.push({ path: file.path, relativePath: file.relativePath, kind: file.kind, bytes: read.bytes.length, reason, deleted });
  }
  return { dir: scan.dir, checkedFiles, checkedBytes, corrupt, vanished, unchecked };
}

/** The file's bytes and inode (read through one descriptor), or null when it is gone. */
function readEntry(path: string): { bytes: Buffer; ino: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw new CacheIoError({ what: 'cache file', path, operation: 'read', cause: error });
  }
  try {
    return { ino: fstatSync(fd).ino, bytes: readFileSync(fd) };
  } catch (error) {
    throw new CacheIoError({ what: 'cache file', path, operation: 'read', cause: error });
  } finally {
    closeSync(fd);
  }
}

/** Why the bytes of `file` are not a valid entry of its kind, or null. */
function problemOf(file: CacheFile, bytes: Buffer): string | null {
  const key = file.key ?? '';
  switch (file.kind) {
    case 'panel': {
      const decoded = decodePanel(bytes, key);
      return decoded.panel === null ? decoded.reason : null;
    }
    case 'universe':
      return verifyUniverseEntry(bytes, key);
    case 'signal': {
      const decoded = decodeSignalBundle(bytes, key);
      return decoded.ok ? null : decoded.reason;
    }
    case 'window':
      return verifyUnitEntry(bytes, key);
    case 'panel-index':
      return problemOfStatIndex(bytes);
    default:
      return null;
  }
}

/** A stat index is JSON naming a sha256 fingerprint, a start time and a list of files (PanelCache.lookupFingerprint). */
function problemOfStatIndex(bytes: Buffer): string | null {
  let record: unknown;
  try {
    record = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'stat index is not valid JSON';
  }
  const { fingerprint, hashStartedMs, files } = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(fingerprint)) return 'stat index names no sha256 fingerprint';
  if (typeof hashStartedMs !== 'number' || !Array.isArray(files)) return 'stat index lacks hashStartedMs or files';
  return null;
}
