import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { canonicalJson } from '../cache/canonicalJson.js';
import { markCacheEntryUsed } from '../cache/housekeeping/markCacheEntryUsed.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { Universe, UniverseConfig } from './Universe.js';
import { UNIVERSE_CACHE_FORMAT_VERSION } from './universeCacheKey.js';
import { UniverseCacheWriteError } from './UniverseCacheWriteError.js';

/*
 * Layout of `<cacheDir>/universe/<key>.bin` (header integers little-endian, arrays in the
 * platform's byte order, recorded in the flags):
 *   0   8 bytes  magic "WFUNIVS\n"
 *   8   u32      format version (UNIVERSE_CACHE_FORMAT_VERSION)
 *   12  u32      flags: bit 0 big-endian arrays
 *   16  u32      nDates
 *   20  u32      nSymbols
 *   24  u32      byte length of the config JSON
 *   28  u32      0
 *   32  64 bytes key (ASCII hex)
 *   96  32 bytes sha256 over bytes [0, 96) and [128, end)
 *   128 eligibleCount Int32 x nDates, zero-padded to a multiple of 8 bytes
 *       excludedCounts Int32 x nDates*5, zero-padded likewise
 *       status Uint8 x nDates*nSymbols, zero-padded likewise
 *       config as canonical JSON (UTF-8)
 */
const MAGIC = Buffer.from('WFUNIVS\n', 'latin1');
const HEADER_BYTES = 128;
const CHECKSUM_OFFSET = 96;
const FLAG_BIG_ENDIAN = 1;
const PLATFORM_FLAGS = endianness() === 'BE' ? FLAG_BIG_ENDIAN : 0;
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
 * Universe behind a header and a sha256 checksum. Written atomically (temp file + rename);
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
   * itself (as computeUniverse returns its argument) and the arrays are fresh. A hit marks
   * the entry used (LRU, see markCacheEntryUsed).
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
   * @throws UniverseCacheWriteError when the folder cannot be written (no temp file is left).
   */
  write(key: string, universe: Universe): void {
    const target = this.pathOf(key);
    try {
      writeFileAtomic(target, encodeUniverse(universe, key));
    } catch (cause) {
      throw new UniverseCacheWriteError({ path: target, cause });
    }
  }
}

/** The cache file bytes of a universe (layout above). */
export function encodeUniverse(universe: Universe, key: string): Buffer {
  if (!KEY.test(key)) throw new RangeError(`encodeUniverse: "${key}" is not a sha256 hex key`);
  const { nDates, nSymbols } = universe;
  const configJson = Buffer.from(canonicalJson(universe.config), 'utf8');
  const blocks = blockSizes(nDates, nSymbols);
  const out = Buffer.alloc(HEADER_BYTES + blocks.eligible + blocks.excluded + blocks.status + configJson.length);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(UNIVERSE_CACHE_FORMAT_VERSION, 8);
  out.writeUInt32LE(PLATFORM_FLAGS, 12);
  out.writeUInt32LE(nDates, 16);
  out.writeUInt32LE(nSymbols, 20);
  out.writeUInt32LE(configJson.length, 24);
  out.write(key, 32, 'latin1');
  let offset = HEADER_BYTES;
  out.set(bytesOf(universe.eligibleCount), offset);
  offset += blocks.eligible;
  out.set(bytesOf(universe.excludedCounts), offset);
  offset += blocks.excluded;
  out.set(universe.status, offset);
  offset += blocks.status;
  configJson.copy(out, offset);
  checksum(out).copy(out, CHECKSUM_OFFSET);
  return out;
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
  const problem = verifyUniverseEntry(bytes, key);
  if (problem !== null) return corrupt(problem);
  const nDates = bytes.readUInt32LE(16);
  const nSymbols = bytes.readUInt32LE(20);
  if (nDates !== expected.nDates || nSymbols !== expected.nSymbols) {
    return corrupt(`shape ${nDates}x${nSymbols}, expected ${expected.nDates}x${expected.nSymbols}`);
  }
  const configBytes = bytes.readUInt32LE(24);
  const blocks = blockSizes(nDates, nSymbols);
  if (bytes.toString('utf8', bytes.length - configBytes, bytes.length) !== canonicalJson(expected.config)) {
    return corrupt('stored universe config differs from the requested one');
  }
  // Fresh, exactly sized arrays (copies), whatever the alignment of `bytes`.
  let offset = bytes.byteOffset + HEADER_BYTES;
  const eligibleCount = new Int32Array(nDates);
  new Uint8Array(eligibleCount.buffer).set(new Uint8Array(bytes.buffer, offset, nDates * 4));
  offset += blocks.eligible;
  const excludedCounts = new Int32Array(nDates * 5);
  new Uint8Array(excludedCounts.buffer).set(new Uint8Array(bytes.buffer, offset, nDates * 5 * 4));
  offset += blocks.excluded;
  const status = new Uint8Array(bytes.buffer, offset, nDates * nSymbols).slice();
  return { universe: { config: expected.config, nDates, nSymbols, status, eligibleCount, excludedCounts } };
}

/**
 * Why `bytes` are not an intact universe entry for `key`, or null: magic, version, byte
 * order, key, the length the header announces, checksum. What the entry must match to be
 * served (shape, config) is decodeUniverse's; this is what `wf-cache verify` checks.
 */
export function verifyUniverseEntry(bytes: Buffer, key: string): string | null {
  if (bytes.length < HEADER_BYTES) return `file has ${bytes.length} bytes, shorter than the header`;
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'not a universe cache file (bad magic)';
  const version = bytes.readUInt32LE(8);
  if (version !== UNIVERSE_CACHE_FORMAT_VERSION) return `format version ${version}, expected ${UNIVERSE_CACHE_FORMAT_VERSION}`;
  if (bytes.readUInt32LE(12) !== PLATFORM_FLAGS) return 'written on a machine of the other byte order';
  if (bytes.toString('latin1', 32, 96) !== key) return 'key in the header does not match';
  const blocks = blockSizes(bytes.readUInt32LE(16), bytes.readUInt32LE(20));
  const expectedLength = HEADER_BYTES + blocks.eligible + blocks.excluded + blocks.status + bytes.readUInt32LE(24);
  if (bytes.length !== expectedLength) return `file has ${bytes.length} bytes, expected ${expectedLength} (truncated?)`;
  if (!checksum(bytes).equals(bytes.subarray(CHECKSUM_OFFSET, HEADER_BYTES))) return 'checksum mismatch';
  return null;
}

function blockSizes(nDates: number, nSymbols: number): { eligible: number; excluded: number; status: number } {
  return { eligible: padded(nDates * 4), excluded: padded(nDates * 5 * 4), status: padded(nDates * nSymbols) };
}

function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

function bytesOf(array: Int32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** sha256 of everything but the checksum slot itself. */
function checksum(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes.subarray(0, CHECKSUM_OFFSET)).update(bytes.subarray(HEADER_BYTES)).digest();
}
