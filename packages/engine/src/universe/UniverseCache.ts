import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../cache/canonicalJson.js';
import { decodeContainer, encodeContainer } from '../cache/container/cacheContainer.js';
import { markCacheEntryUsed } from '../cache/housekeeping/markCacheEntryUsed.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { Universe, UniverseConfig } from './Universe.js';
import { UNIVERSE_CACHE_FORMAT_VERSION } from './universeCacheKey.js';
import { FileWriteError } from '../errors.js';

/**
 * A universe entry is a cache container (cache/container/cacheContainer.ts) of kind
 * `universe`: meta {nDates, nSymbols, config (canonical JSON text)}, sections eligibleCount
 * (i32), excludedCounts (i32), status (u8).
 */
const KIND = 'universe';
const KEY = /^[0-9a-f]{64}$/;

/** What a universe entry must match to be served: the panel's shape and the requested config. */
export type UniverseCacheExpectation = {
  readonly nDates: number;
  readonly nSymbols: number;
  readonly config: UniverseConfig;
};

/** A cache lookup: the universe, or why there is none (`corrupt` covers truncated, altered or foreign files). */
export type UniverseCacheReadResult =
  | { readonly universe: Universe }
  | { readonly universe: null; readonly miss: 'absent' | 'corrupt'; readonly reason: string };

/**
 * The universe cache beside the panel cache: one file per key (see universeCacheKey:
 * protocol version, data fingerprint, universe config), holding every field of a
 * Universe in a checksummed cache container. Written atomically (temp file + rename);
 * a corrupt, truncated or mismatching entry is a miss, never trusted. Synchronous, like
 * the signal cache: createMarketContext is.
 */
export class UniverseCache {
  /** `<cacheDir>/universe`. */
  readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = path.join(path.resolve(cacheDir), 'universe');
  }

  /** The cache file of a key. */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new RangeError(`UniverseCache: "${key}" is not a sha256 hex key`);
    return path.join(this.dir, `${key}.bin`);
  }

  /**
   * The universe stored under `key` when it matches `expected` (shape and config), else a
   * miss; never throws for a bad or missing file. The returned `config` is `expected.config`
   * itself (as computeUniverse returns its argument) and the arrays are views of the file's
   * bytes (no copy). A hit marks the entry used (LRU, see markCacheEntryUsed).
   */
  read(key: string, expected: UniverseCacheExpectation): UniverseCacheReadResult {
    const file = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { universe: null, miss: 'absent', reason };
    }
    const decoded = decodeUniverse({ bytes, key, expected });
    if (decoded.universe !== null) markCacheEntryUsed(file);
    return decoded;
  }

  /**
   * Stores `universe` under `key` (temp file then rename, so readers never see half a file).
   * @throws FileWriteError when the folder cannot be written (no temp file is left).
   */
  write(key: string, universe: Universe): void {
    const target = this.pathOf(key);
    try {
      writeFileAtomic(target, encodeUniverse(universe, key));
    } catch (cause) {
      throw new FileWriteError({ what: 'universe cache file', path: target, cause });
    }
  }
}

/** The cache file bytes of a universe (a container of kind `universe`). */
export function encodeUniverse(universe: Universe, key: string): Buffer {
  if (!KEY.test(key)) throw new RangeError(`encodeUniverse: "${key}" is not a sha256 hex key`);
  const { nDates, nSymbols } = universe;
  return encodeContainer({
    kind: KIND,
    version: UNIVERSE_CACHE_FORMAT_VERSION,
    key,
    meta: { nDates, nSymbols, config: canonicalJson(universe.config) },
    sections: { eligibleCount: universe.eligibleCount, excludedCounts: universe.excludedCounts, status: universe.status },
  });
}

/** Options of {@link decodeUniverse}. */
export type DecodeUniverseOptions = {
  readonly bytes: Buffer;
  readonly key: string;
  readonly expected: UniverseCacheExpectation;
};

/**
 * The universe in cache file bytes, or a `corrupt` miss when anything is off: magic,
 * version, byte order, key, shape, length, checksum, or a stored config other than the
 * expected one.
 */
export function decodeUniverse(options: DecodeUniverseOptions): UniverseCacheReadResult {
  const { bytes, key, expected } = options;
  const corrupt = (reason: string): UniverseCacheReadResult => ({ universe: null, miss: 'corrupt', reason });
  const entry = decodeEntry(bytes, key);
  if (typeof entry === 'string') return corrupt(entry);
  const { nDates, nSymbols, config, sections } = entry;
  if (nDates !== expected.nDates || nSymbols !== expected.nSymbols) {
    return corrupt(`shape ${nDates}x${nSymbols}, expected ${expected.nDates}x${expected.nSymbols}`);
  }
  if (config !== canonicalJson(expected.config)) return corrupt('stored universe config differs from the requested one');
  // Views of the entry's bytes (no copy: the sections are nearly all of them).
  return {
    universe: {
      config: expected.config,
      nDates,
      nSymbols,
      status: sections.status,
      eligibleCount: sections.eligibleCount,
      excludedCounts: sections.excludedCounts,
    },
  };
}

/**
 * Why `bytes` are not an intact universe entry for `key`, or null: the container's checks
 * (kind, version, key, byte order, length, checksums) and the sections' types and lengths.
 * What the entry must match to be served (shape, config) is decodeUniverse's; this is what
 * `wf-cache verify` checks.
 */
export function verifyUniverseEntry(bytes: Buffer, key: string): string | null {
  const entry = decodeEntry(bytes, key);
  return typeof entry === 'string' ? entry : null;
}

type UniverseEntry = {
  nDates: number;
  nSymbols: number;
  config: string;
  sections: { status: Uint8Array; eligibleCount: Int32Array; excludedCounts: Int32Array };
};

/** The entry's shape, config text and sections, or why it cannot be trusted. */
function decodeEntry(bytes: Buffer, key: string): UniverseEntry | string {
  const decoded = decodeContainer(bytes, { kind: KIND, version: UNIVERSE_CACHE_FORMAT_VERSION, key });
  if (!decoded.ok) return decoded.reason;
  const meta = decoded.meta as { nDates?: unknown; nSymbols?: unknown; config?: unknown } | null;
  const { nDates, nSymbols, config } = meta ?? {};
  if (!Number.isInteger(nDates) || !Number.isInteger(nSymbols) || typeof config !== 'string') return 'malformed universe header';
  const { status, eligibleCount, excludedCounts } = decoded.sections;
  const t = nDates as number;
  if (!(status instanceof Uint8Array) || status.length !== t * (nSymbols as number)) return 'status section does not match the shape';
  if (!(eligibleCount instanceof Int32Array) || eligibleCount.length !== t) return 'eligibleCount section does not match the shape';
  if (!(excludedCounts instanceof Int32Array) || excludedCounts.length !== t * 5) return 'excludedCounts section does not match the shape';
  return { nDates: t, nSymbols: nSymbols as number, config, sections: { status, eligibleCount, excludedCounts } };
}
