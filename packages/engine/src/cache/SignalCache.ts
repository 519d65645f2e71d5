import type { OnCacheRecovery } from './CacheRecovery.js';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import { markCacheEntryUsed } from './housekeeping/markCacheEntryUsed.js';
import { CacheIoError, FileWriteError, InvalidCacheKeyError } from '../errors.js';
import type { SignalBundle } from './SignalBundle.js';
import { decodeSignalBundle, encodeSignalBundleParts } from './signalBundleCodec.js';

/** Options of {@link SignalCache}. */
export type SignalCacheOptions = {
  /** Cache root folder (`--cache-dir`); entries live under `<dir>/signals/`. Created on first write. */
  readonly dir: string;
  /** When true every `get` is a miss, so every signal is recomputed and rewritten (`--refresh-cache`). */
  readonly refresh?: boolean;
  /** Told of every entry that fails verification (a miss; the signal is recomputed): log it at warn. */
  readonly onCacheRecovery?: OnCacheRecovery;
  /**
   * sha256 of the code identity of this process (CodeIdentity.sha256): every key made for
   * this cache (BacktestEngine) includes it, so entries computed by other code are never read.
   */
  readonly codeIdentity: string;
};

/** Counters of one SignalCache instance since construction. */
export type SignalCacheStats = {
  /** `get` calls answered from disk. */
  readonly hits: number;
  /** `get` calls answered with null (absent, refreshed or corrupt entries). */
  readonly misses: number;
  /** Misses caused by an entry that failed verification (bad header, size or checksum). */
  readonly corrupt: number;
  /** Entries written by `put`. */
  readonly writes: number;
};

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Content-addressed on-disk cache of computed signals (DESIGN.md, "Caches are
 * content-addressed"). One entry per key (see `signalCacheKey`) in one file
 * `<dir>/signals/<key[0..2]>/<key>.bin`, holding named Float64Array/Int32Array arrays
 * behind a header and a sha256 checksum.
 *
 * Reads verify the entry; a corrupt or truncated entry is a miss (counted in `corrupt`),
 * never trusted, and the next `put` replaces it. Writes go to a unique temp file in the
 * entry's folder and are renamed into place, so readers see either the old entry or the
 * complete new one, and concurrent writers of one key (several processes) are safe: the
 * last rename wins and every candidate holds the same content.
 *
 * The cache never changes a number: a hit returns exactly the arrays that were put.
 * Synchronous on purpose: it is called inside the engine's evaluation loop.
 */
export class SignalCache {
  readonly dir: string;
  readonly refresh: boolean;
  readonly codeIdentity: string;
  private hits = 0;
  private misses = 0;
  private corrupt = 0;
  private readonly onCacheRecovery: OnCacheRecovery | undefined;
  private writes = 0;

  constructor(options: SignalCacheOptions) {
    this.dir = options.dir;
    this.refresh = options.refresh ?? false;
    this.onCacheRecovery = options.onCacheRecovery;
    if (!KEY_PATTERN.test(options.codeIdentity)) throw new RangeError(`SignalCache: codeIdentity "${options.codeIdentity}" is not a sha256 hex`);
    this.codeIdentity = options.codeIdentity;
  }

  /** Path of the entry file of `key`. */
  pathOf(key: string): string {
    assertKey(key);
    return join(this.dir, 'signals', key.slice(0, 2), `${key}.bin`);
  }

  /**
   * The bundle stored under `key`, or null on a miss (absent entry, `refresh`, or an
   * entry that fails verification). Arrays are 8-byte-aligned views of one fresh buffer
   * per call, so callers may keep or modify them. A hit marks the entry used (LRU, see
   * markCacheEntryUsed). Throws CacheIoError only when the
   * file exists but cannot be read.
   */
  get(key: string): SignalBundle | null {
    const path = this.pathOf(key);
    if (this.refresh) {
      this.misses++;
      return null;
    }
    const bytes = readWholeFile(path);
    if (bytes === null) {
      this.misses++;
      return null;
    }
    const decoded = decodeSignalBundle(bytes, key);
    if (!decoded.ok) {
      this.misses++;
      this.corrupt++;
      this.onCacheRecovery?.({ cache: 'signal', path, reason: decoded.reason });
      return null;
    }
    this.hits++;
    markCacheEntryUsed(path);
    return decoded.bundle;
  }

  /**
   * Stores `bundle` under `key`, replacing any entry (corrupt or not) atomically.
   * Throws InvalidSignalBundleError for a value that is not a Float64Array/Int32Array and
   * FileWriteError when the folder cannot be written; no temp file is left behind.
   */
  put(key: string, bundle: SignalBundle): void {
    const path = this.pathOf(key);
    const parts = encodeSignalBundleParts(key, bundle);
    try {
      writeFileAtomic(path, parts);
    } catch (error) {
      throw new FileWriteError({ what: 'signal cache entry', path, cause: error });
    }
    this.writes++;
  }

  /** Counters since construction (a snapshot; later calls do not change it). */
  stats(): SignalCacheStats {
    return { hits: this.hits, misses: this.misses, corrupt: this.corrupt, writes: this.writes };
  }
}

function assertKey(key: string): void {
  // Also keeps a caller-supplied key from escaping the cache folder.
  if (!KEY_PATTERN.test(key)) throw new InvalidCacheKeyError(key);
}

/** Whole file in a fresh buffer starting at offset 0 (so payload offsets stay 8-byte aligned); null if absent. */
function readWholeFile(path: string): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return null;
    throw new CacheIoError({ what: 'signal cache entry', path, operation: 'read', cause: error });
  }
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, bytes, filled, size - filled, filled);
      if (read === 0) return bytes.subarray(0, filled); // shrank while reading: verification rejects it
      filled += read;
    }
    return bytes;
  } catch (error) {
    throw new CacheIoError({ what: 'signal cache entry', path, operation: 'read', cause: error });
  } finally {
    closeSync(fd);
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
