import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { OnCacheRecovery } from './CacheRecovery.js';
import { decodeContainer, encodeContainer } from './container/cacheContainer.js';
import { markCacheEntryUsed } from './housekeeping/markCacheEntryUsed.js';
import { CacheIoError, FileWriteError, InvalidCacheKeyError } from '../errors.js';

/** The texts one unit appended to each output file, by file name. */
export type UnitTexts = Readonly<Record<string, string>>;

/** Counters of one WindowCache since construction. */
export type WindowCacheStats = { readonly hits: number; readonly misses: number; readonly corrupt: number; readonly writes: number };

const KEY_PATTERN = /^[0-9a-f]{64}$/;
/** A window entry is a cache container (container/cacheContainer.ts) of this kind: one utf8 section per protocol file, in name order. */
const KIND = 'window';
const VERSION = 2;

/**
 * On-disk cache of walk-forward units (issue "reuse every unchanged window"): one entry per
 * key (see windowCacheKey) at `<dir>/windows/<key[0..2]>/<key>.bin`, holding the exact
 * text the unit appended to each protocol file. A hit is replayed byte for byte, so a run
 * that reuses units writes the same files as one that computes them.
 *
 * Entries are cache containers (kind `window`, one text section per file) carrying their
 * own key and checksums; a corrupt, truncated or
 * misplaced entry is a miss (counted in `corrupt`) and is rewritten by the next `put`. A hit
 * marks the entry used (its mtime), for wf-cache's least-recently-used pruning.
 * Writes are atomic (temp file + rename), so concurrent runs sharing the folder are safe.
 */
export class WindowCache {
  readonly dir: string;
  readonly refresh: boolean;
  private hits = 0;
  private misses = 0;
  private corrupt = 0;
  private writes = 0;

  private readonly onCacheRecovery: OnCacheRecovery | undefined;

  /** `onCacheRecovery` is told of every entry that fails verification (a miss; the unit is recomputed). */
  constructor(options: { readonly dir: string; readonly refresh?: boolean; readonly onCacheRecovery?: OnCacheRecovery }) {
    this.dir = options.dir;
    this.refresh = options.refresh ?? false;
    this.onCacheRecovery = options.onCacheRecovery;
  }

  pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new InvalidCacheKeyError(key);
    return join(this.dir, 'windows', key.slice(0, 2), `${key}.bin`);
  }

  /**
   * Whether an entry file exists for the key (and `refresh` is off): a cheap probe (no read,
   * no verification, nothing counted) of whether a run would replay the unit; `get` still
   * verifies the entry and a corrupt one is recomputed then.
   */
  has(key: string): boolean {
    return !this.refresh && existsSync(this.pathOf(key));
  }

  /** The unit's texts for exactly these file names, or null (absent, refreshed, corrupt, or other files). */
  get(key: string, fileNames: readonly string[]): UnitTexts | null {
    const path = this.pathOf(key);
    if (this.refresh) {
      this.misses++;
      return null;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') {
        this.misses++;
        return null;
      }
      throw new CacheIoError({ what: 'window cache entry', path, operation: 'read', cause: error });
    }
    const texts = decodeUnitTexts(bytes, key, fileNames);
    if (texts === null) {
      this.misses++;
      this.corrupt++;
      this.onCacheRecovery?.({ cache: 'window', path, reason: verifyUnitEntry(bytes, key) ?? 'written for other protocol files' });
      return null;
    }
    this.hits++;
    markCacheEntryUsed(path);
    return texts;
  }

  /** Stores the unit's texts under `key`, replacing any entry atomically. */
  put(key: string, texts: UnitTexts): void {
    const path = this.pathOf(key);
    try {
      writeFileAtomic(path, encodeUnitTexts(key, texts));
    } catch (error) {
      throw new FileWriteError({ what: 'window cache entry', path, cause: error });
    }
    this.writes++;
  }

  stats(): WindowCacheStats {
    return { hits: this.hits, misses: this.misses, corrupt: this.corrupt, writes: this.writes };
  }
}

/** The entry bytes of a unit: a cache container of kind `window`. */
export function encodeUnitTexts(key: string, texts: UnitTexts): Buffer {
  const names = Object.keys(texts).sort();
  return encodeContainer({ kind: KIND, version: VERSION, key, meta: null, sections: Object.fromEntries(names.map((name) => [name, texts[name] as string])) });
}

/** Why `bytes` are not an intact window cache entry of `key` (any file names), or null (wf-cache verify). */
export function verifyUnitEntry(bytes: Buffer, key: string): string | null {
  const decoded = decodeContainer(bytes, { kind: KIND, version: VERSION, key });
  if (!decoded.ok) return decoded.reason;
  return Object.values(decoded.sections).every((value) => typeof value === 'string') ? null : 'a section is not text';
}

/** The texts of an entry, or null when it is not a complete, intact entry of `key` with exactly `fileNames`. */
export function decodeUnitTexts(bytes: Buffer, key: string, fileNames: readonly string[]): UnitTexts | null {
  const decoded = decodeContainer(bytes, { kind: KIND, version: VERSION, key });
  if (!decoded.ok) return null;
  const names = Object.keys(decoded.sections);
  const wanted = [...fileNames].sort();
  if (names.length !== wanted.length || names.some((name, k) => name !== wanted[k] || typeof decoded.sections[name] !== 'string')) return null;
  return decoded.sections as UnitTexts;
}
