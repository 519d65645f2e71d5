import { createHash } from 'node:crypto';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { markCacheEntryUsed } from '../cache/housekeeping/markCacheEntryUsed.js';
import type { Panel } from './Panel.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import { PanelCacheWriteError } from './PanelCacheWriteError.js';

/** Version of the binary layout below; a file of another version is a miss. */
export const PANEL_CACHE_FORMAT_VERSION = 2;

/*
 * Layout of `<cacheDir>/panels/<fingerprint>.bin` (header integers little-endian,
 * arrays in the platform's byte order, recorded in the flags):
 *   0   8 bytes  magic "WFPANEL\n"
 *   8   u32      format version
 *   12  u32      flags: bit 0 market caps present, bit 1 big-endian arrays
 *   16  u32      nDates
 *   20  u32      nSymbols
 *   24  u32      byte length of the symbols JSON
 *   28  u32      0
 *   32  64 bytes fingerprint (ASCII hex)
 *   96  u32      body checksum: CRC-32 over bytes [0, 96) and [100, end) (every byte but itself)
 *   100 28 bytes 0
 *   128 32 bytes identity checksum: sha256 over bytes [0, 96) and the padded dates block
 *   160 dates Int32 x nDates, zero-padded to a multiple of 8 bytes
 *       open, high, low, close, volume[, marketCap]: Float64 x nDates*nSymbols each
 *       symbols as a JSON array (UTF-8)
 */
const MAGIC = Buffer.from('WFPANEL\n', 'latin1');
const HEADER_BYTES = 160;
const CHECKSUM_OFFSET = 96;
const CHECKSUM_END = 100;
const IDENTITY_CHECKSUM_OFFSET = 128;
const FLAG_MARKET_CAP = 1;
const FLAG_BIG_ENDIAN = 2;
const PLATFORM_FLAGS = endianness() === 'BE' ? FLAG_BIG_ENDIAN : 0;
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** A cache lookup: the panel, or why there is none (`corrupt` covers truncated, altered or foreign files). */
export type PanelCacheReadResult =
  | { readonly panel: Panel }
  | { readonly panel: null; readonly miss: 'absent' | 'corrupt'; readonly reason: string };

/**
 * What a cache entry says about its panel without its values: header fields and the
 * calendar, verified by the identity checksum (see {@link PanelCache.readIdentity}).
 */
export type PanelCacheIdentity = {
  readonly fingerprint: string;
  readonly nDates: number;
  readonly nSymbols: number;
  /** Calendar dates as YYYYMMDD integers (a fresh array). */
  readonly dates: Int32Array;
};

/** An identity lookup: the identity, or why there is none (as in {@link PanelCacheReadResult}). */
export type PanelCacheIdentityResult =
  | { readonly identity: PanelCacheIdentity }
  | { readonly identity: null; readonly miss: 'absent' | 'corrupt'; readonly reason: string };

/**
 * One input file as recorded in the stat index: device, inode, size and nanosecond mtime and
 * ctime (bigints as decimal text, so they survive JSON). See statDataFiles.
 */
export type SourceFileStat = {
  readonly path: string;
  readonly size: number;
  readonly dev: string;
  readonly ino: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
};

/** Version of the stat index record below; a record of another version vouches for nothing. */
export const STAT_INDEX_VERSION = 3;

/** One input file in the stat index: its stats and the sha256 hex of its bytes when hashed. */
export type IndexedSourceFile = SourceFileStat & { readonly sha256: string };

/** What the stat index remembers about one set of input paths. */
export type StatIndexRecord = {
  readonly version: typeof STAT_INDEX_VERSION;
  /** The data fingerprint of the files, under which the panel built from them is cached. */
  readonly fingerprint: string;
  /** Wall-clock time (ms) taken before the files were stat-ed and hashed. */
  readonly hashStartedMs: number;
  /** In the order of allDataFiles; the sha256 lets a later load check that a grown file only gained rows (appendToPanel). */
  readonly files: readonly IndexedSourceFile[];
};

/**
 * A file whose mtime or ctime lies this close to (or after) the moment it was hashed may
 * have been rewritten within the same timestamp tick after it was read (coarse timestamps,
 * a clock a little behind the wall clock), so its stats never vouch for its content
 * ("racily clean", as git calls it): it is hashed again.
 */
export const RACY_MARGIN_MS = 2000;

/**
 * The binary panel cache of DESIGN.md: one file per (data fingerprint, engine code id),
 * `<fingerprint>-<first 16 hex of the code id>.bin`, checksummed, written atomically (temp
 * file + rename), read with one readFile and typed-array views (no parsing). A corrupt or
 * truncated file is reported as a miss, never trusted; a panel built by other code (another
 * loader) is never served. Beside it, small stat indexes (`sources-<key>.json`) map the
 * device, inode, size, mtime and ctime of a set of input files to their fingerprint, so a
 * warm start need not hash the CSVs (see lookupFingerprint).
 */
export class PanelCache {
  /** `<cacheDir>/panels`. */
  readonly dir: string;
  /** The engine code id the entries of this instance are built by (see engineCodeId). */
  readonly codeId: string;

  constructor(cacheDir: string, codeId: string) {
    if (!FINGERPRINT.test(codeId)) throw new RangeError(`PanelCache: "${codeId}" is not a sha256 hex code id`);
    this.dir = path.join(path.resolve(cacheDir), 'panels');
    this.codeId = codeId;
  }

  /** The cache file of a fingerprint (for this code id). */
  pathOf(fingerprint: string): string {
    if (!FINGERPRINT.test(fingerprint)) throw new RangeError(`PanelCache: "${fingerprint}" is not a sha256 hex fingerprint`);
    return path.join(this.dir, `${fingerprint}-${this.codeId.slice(0, 16)}.bin`);
  }

  /** The cached panel of `fingerprint`, or a miss; never throws for a bad or missing file. A hit marks the entry used (LRU). */
  async read(fingerprint: string): Promise<PanelCacheReadResult> {
    const file = this.pathOf(fingerprint);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { panel: null, miss: 'absent', reason };
    }
    const decoded = decodePanel(bytes, fingerprint);
    if (decoded.panel !== null) markCacheEntryUsed(file);
    return decoded;
  }

  /**
   * The header and calendar of the entry of `fingerprint`, read with two positioned reads
   * (no values are read or decoded), or a miss; never throws for a bad or missing file.
   * Checked: magic, version, byte order, fingerprint, the file's exact length, and the
   * identity checksum over the header fields and the dates. Not checked: the body checksum
   * over the values and symbols, which only a full {@link read} verifies (a body corrupted
   * behind an intact header is found there, reported corrupt and rebuilt from the CSVs).
   * A valid identity marks the entry used (LRU).
   */
  async readIdentity(fingerprint: string): Promise<PanelCacheIdentityResult> {
    const corrupt = (reason: string): PanelCacheIdentityResult => ({ identity: null, miss: 'corrupt', reason });
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.pathOf(fingerprint), 'r');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { identity: null, miss: 'absent', reason };
    }
    try {
      const size = (await handle.stat()).size;
      const header = Buffer.alloc(HEADER_BYTES);
      const got = (await handle.read(header, 0, HEADER_BYTES, 0)).bytesRead;
      if (got < HEADER_BYTES) return corrupt(`file has ${size} bytes, shorter than the header`);
      const problem = checkHeader(header, fingerprint);
      if (problem !== null) return corrupt(problem);
      const { nDates, nSymbols, datesBytes, expected } = headerShape(header);
      if (size !== expected) return corrupt(`file has ${size} bytes, expected ${expected} (truncated?)`);
      const datesBlock = Buffer.alloc(datesBytes);
      if ((await handle.read(datesBlock, 0, datesBytes, HEADER_BYTES)).bytesRead !== datesBytes) {
        return corrupt('file shrank while reading the dates');
      }
      if (!identityChecksum(header, datesBlock).equals(header.subarray(IDENTITY_CHECKSUM_OFFSET, HEADER_BYTES))) {
        return corrupt('identity checksum mismatch');
      }
      const dates = new Int32Array(datesBlock.buffer, datesBlock.byteOffset, nDates).slice();
      markCacheEntryUsed(this.pathOf(fingerprint));
      return { identity: { fingerprint, nDates, nSymbols, dates } };
    } catch (error) {
      return corrupt(error instanceof Error ? error.message : String(error));
    } finally {
      await handle.close();
    }
  }

  /**
   * Stores `panel` under `fingerprint` (temp file then rename, so readers never see half a
   * file), and removes the entries of the same fingerprint built by other code (one panel
   * per data version stays on disk, as before code ids were part of the name).
   */
  async write(fingerprint: string, panel: Panel): Promise<void> {
    const target = this.pathOf(fingerprint);
    writePanelCacheFile(target, encodePanelParts(panel, fingerprint));
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const mine = path.basename(target);
    for (const name of names) {
      if (name !== mine && name.startsWith(`${fingerprint}-`) && name.endsWith('.bin')) await rm(path.join(this.dir, name), { force: true });
    }
  }

  /**
   * The fingerprint remembered for input files whose stats all match `files` (same paths in
   * the same order, same device, inode, size, mtime and ctime to the nanosecond), none of
   * them racily clean (mtime or ctime within RACY_MARGIN_MS of the hashing, or after it);
   * else null. Sound as long as the file system keeps ctimes: a same-size rewrite whose
   * mtime is put back still has a new ctime.
   */
  async lookupFingerprint(sourcesKey: string, files: readonly SourceFileStat[]): Promise<string | null> {
    const record = await this.readStatIndex(sourcesKey);
    if (record === null || record.files.length !== files.length) return null;
    const racyFromNs = BigInt(Math.floor(record.hashStartedMs - RACY_MARGIN_MS)) * 1_000_000n;
    for (let k = 0; k < files.length; k++) {
      const known = record.files[k]!;
      const now = files[k]!;
      if (
        known.path !== now.path ||
        known.size !== now.size ||
        known.dev !== now.dev ||
        known.ino !== now.ino ||
        known.mtimeNs !== now.mtimeNs ||
        known.ctimeNs !== now.ctimeNs
      ) {
        return null;
      }
      if (BigInt(now.mtimeNs) >= racyFromNs || BigInt(now.ctimeNs) >= racyFromNs) return null;
    }
    return record.fingerprint;
  }

  /**
   * The stat index record of a set of input paths, or null when absent, unreadable or not of
   * this version's shape (a record vouches for nothing then; hashing rewrites it).
   */
  async readStatIndex(sourcesKey: string): Promise<StatIndexRecord | null> {
    let record: StatIndexRecord;
    try {
      record = JSON.parse(await readFile(this.statIndexPath(sourcesKey), 'utf8')) as StatIndexRecord;
    } catch {
      return null;
    }
    if (typeof record !== 'object' || record === null || record.version !== STAT_INDEX_VERSION || !Array.isArray(record.files)) return null;
    if (typeof record.fingerprint !== 'string' || !FINGERPRINT.test(record.fingerprint)) return null;
    if (typeof record.hashStartedMs !== 'number') return null;
    const wellFormed = (file: IndexedSourceFile): boolean =>
      typeof file === 'object' && file !== null && typeof file.path === 'string' && Number.isInteger(file.size) && typeof file.sha256 === 'string' && FINGERPRINT.test(file.sha256);
    return record.files.every(wellFormed) ? record : null;
  }

  /** Records which fingerprint the files had (see lookupFingerprint). */
  async rememberFingerprint(sourcesKey: string, record: Omit<StatIndexRecord, 'version'>): Promise<void> {
    writePanelCacheFile(this.statIndexPath(sourcesKey), JSON.stringify({ version: STAT_INDEX_VERSION, ...record }));
  }

  private statIndexPath(sourcesKey: string): string {
    if (!FINGERPRINT.test(sourcesKey)) throw new RangeError(`PanelCache: "${sourcesKey}" is not a sha256 hex key`);
    return path.join(this.dir, `sources-${sourcesKey}.json`);
  }
}

/** The cache file bytes of a panel (layout above), as one buffer. */
export function encodePanel(panel: Panel, fingerprint: string): Buffer {
  return Buffer.concat(encodePanelParts(panel, fingerprint));
}

/**
 * The cache file bytes of a panel (layout above) as consecutive parts: a new buffer for the
 * header and dates, views of the panel's own arrays for the fields (nothing copied), and the
 * symbols JSON, with both checksums computed over the parts.
 */
export function encodePanelParts(panel: Panel, fingerprint: string): Uint8Array[] {
  if (!FINGERPRINT.test(fingerprint)) throw new RangeError(`encodePanel: "${fingerprint}" is not a sha256 hex fingerprint`);
  const fields = panelFields(panel);
  const cells = panel.nDates * panel.nSymbols;
  const symbolsJson = Buffer.from(JSON.stringify(panel.symbols), 'utf8');
  const datesBytes = paddedDatesBytes(panel.nDates);
  const head = Buffer.alloc(HEADER_BYTES + datesBytes);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(PANEL_CACHE_FORMAT_VERSION, 8);
  head.writeUInt32LE((panel.marketCap === null ? 0 : FLAG_MARKET_CAP) | PLATFORM_FLAGS, 12);
  head.writeUInt32LE(panel.nDates, 16);
  head.writeUInt32LE(panel.nSymbols, 20);
  head.writeUInt32LE(symbolsJson.length, 24);
  head.write(fingerprint, 32, 'latin1');
  head.set(new Uint8Array(panel.dates.buffer, panel.dates.byteOffset, panel.nDates * 4), HEADER_BYTES);
  identityChecksum(head, head.subarray(HEADER_BYTES)).copy(head, IDENTITY_CHECKSUM_OFFSET);
  const parts: Uint8Array[] = [head, ...fields.map((field) => new Uint8Array(field.buffer, field.byteOffset, cells * 8)), symbolsJson];
  let crc = crc32(head.subarray(CHECKSUM_END), crc32(head.subarray(0, CHECKSUM_OFFSET)));
  for (const part of parts.slice(1)) crc = crc32(part, crc);
  head.writeUInt32LE(crc, CHECKSUM_OFFSET);
  return parts;
}

/**
 * The panel in cache file bytes, or a `corrupt` miss when anything is off: magic,
 * version, byte order, fingerprint, length, identity or body checksum. The arrays are views into
 * `bytes` when it is 8-byte aligned (else into one aligned copy).
 */
export function decodePanel(bytes: Buffer, fingerprint: string): PanelCacheReadResult {
  const corrupt = (reason: string): PanelCacheReadResult => ({ panel: null, miss: 'corrupt', reason });
  if (bytes.length < HEADER_BYTES) return corrupt(`file has ${bytes.length} bytes, shorter than the header`);
  const problem = checkHeader(bytes, fingerprint);
  if (problem !== null) return corrupt(problem);
  const { nDates, nSymbols, symbolsBytes, nFields, cells, datesBytes, expected } = headerShape(bytes);
  if (bytes.length !== expected) return corrupt(`file has ${bytes.length} bytes, expected ${expected} (truncated?)`);
  const datesBlock = bytes.subarray(HEADER_BYTES, HEADER_BYTES + datesBytes);
  if (!identityChecksum(bytes, datesBlock).equals(bytes.subarray(IDENTITY_CHECKSUM_OFFSET, HEADER_BYTES))) {
    return corrupt('identity checksum mismatch');
  }
  if (checksum(bytes) !== bytes.readUInt32LE(CHECKSUM_OFFSET)) return corrupt('checksum mismatch');

  let symbols: unknown;
  try {
    symbols = JSON.parse(bytes.toString('utf8', expected - symbolsBytes, expected));
  } catch {
    return corrupt('symbols are not valid JSON');
  }
  if (!Array.isArray(symbols) || symbols.length !== nSymbols || !symbols.every((s) => typeof s === 'string')) {
    return corrupt('symbols do not match the header');
  }

  // Typed-array views need their offset aligned to the element size; copy once if the buffer is not.
  let buffer = bytes.buffer;
  let base = bytes.byteOffset;
  if (base % 8 !== 0) {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    buffer = copy.buffer;
    base = 0;
  }
  const dates = new Int32Array(buffer, base + HEADER_BYTES, nDates);
  const fields: Float64Array[] = [];
  for (let f = 0; f < nFields; f++) {
    fields.push(new Float64Array(buffer, base + HEADER_BYTES + datesBytes + f * cells * 8, cells));
  }
  const panel: Panel = {
    symbols: symbols as string[],
    dates,
    nDates,
    nSymbols,
    open: fields[0]!,
    high: fields[1]!,
    low: fields[2]!,
    close: fields[3]!,
    volume: fields[4]!,
    marketCap: nFields === 6 ? fields[5]! : null,
  };
  return { panel };
}

/** Why the first HEADER_BYTES of `bytes` are not a header of this format for `fingerprint`, or null. */
function checkHeader(bytes: Buffer, fingerprint: string): string | null {
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'not a panel cache file (bad magic)';
  const version = bytes.readUInt32LE(8);
  if (version !== PANEL_CACHE_FORMAT_VERSION) return `format version ${version}, expected ${PANEL_CACHE_FORMAT_VERSION}`;
  if ((bytes.readUInt32LE(12) & FLAG_BIG_ENDIAN) !== PLATFORM_FLAGS) return 'written on a machine of the other byte order';
  if (bytes.toString('latin1', 32, 96) !== fingerprint) return 'fingerprint in the header does not match';
  return null;
}

/** Sizes the header announces, and the file length they add up to. */
function headerShape(header: Buffer): {
  nDates: number;
  nSymbols: number;
  symbolsBytes: number;
  nFields: number;
  cells: number;
  datesBytes: number;
  expected: number;
} {
  const nDates = header.readUInt32LE(16);
  const nSymbols = header.readUInt32LE(20);
  const symbolsBytes = header.readUInt32LE(24);
  const nFields = (header.readUInt32LE(12) & FLAG_MARKET_CAP) !== 0 ? 6 : 5;
  const cells = nDates * nSymbols;
  const datesBytes = paddedDatesBytes(nDates);
  const expected = HEADER_BYTES + datesBytes + nFields * cells * 8 + symbolsBytes;
  return { nDates, nSymbols, symbolsBytes, nFields, cells, datesBytes, expected };
}

function panelFields(panel: Panel): Float64Array[] {
  const fields = [panel.open, panel.high, panel.low, panel.close, panel.volume];
  if (panel.marketCap !== null) fields.push(panel.marketCap);
  return fields;
}

function paddedDatesBytes(nDates: number): number {
  return Math.ceil((nDates * 4) / 8) * 8;
}

/** sha256 of the header fields and the padded dates block (what readIdentity trusts). */
function identityChecksum(header: Buffer, datesBlock: Buffer): Buffer {
  return createHash('sha256').update(header.subarray(0, CHECKSUM_OFFSET)).update(datesBlock).digest();
}

/**
 * CRC-32 of every byte but its own slot. It guards against accidental damage (truncation,
 * bit rot, a torn copy), like the signal cache's, at a third of sha256's cost on a 25 MB panel.
 */
function checksum(bytes: Buffer): number {
  return crc32(bytes.subarray(CHECKSUM_END), crc32(bytes.subarray(0, CHECKSUM_OFFSET)));
}

/** writeFileAtomic, its failure reported as a PanelCacheWriteError. */
function writePanelCacheFile(target: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  try {
    writeFileAtomic(target, data);
  } catch (cause) {
    throw new PanelCacheWriteError({ path: target, cause });
  }
}
