import { open, readdir, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CONTAINER_PREFIX_BYTES, containerPayloadStart, decodeContainer, decodeContainerHeader, encodeContainerParts, sectionChecksumMatches, sectionStoredBytes } from '../cache/container/cacheContainer.js';
import type { ContainerSection } from '../cache/container/cacheContainer.js';
import { markCacheEntryUsed } from '../cache/housekeeping/markCacheEntryUsed.js';
import { panelOf } from './Panel.js';
import { MemoryLimitError } from '../errors.js';
import { checkMemoryNeed, PROCESS_BASE_BYTES } from '../memory/checkMemoryNeed.js';
import type { MemoryLimit } from '../memory/checkMemoryNeed.js';
import type { Panel } from './Panel.js';
import { PANEL_FIELDS } from './PanelField.js';
import type { PanelField } from './PanelField.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import { FileWriteError } from '../errors.js';

/** Version of the panel entry's content; an entry of another version is a miss. */
export const PANEL_CACHE_FORMAT_VERSION = 4;

/*
 * `<cacheDir>/panels/<fingerprint>-<code16>.bin` is a cache container
 * (cache/container/cacheContainer.ts) of kind `panel`, key the data fingerprint: meta
 * {nDates, nSymbols, marketCap, symbols, dates} (the calendar as YYYYMMDD numbers, so the
 * checksummed header alone identifies the panel), sections open, high, low, close, volume
 * [, marketCap] (f64, date-major, nDates * nSymbols each), each with its own CRC-32 in the
 * header (version 4), so a run reads and verifies only the fields it uses.
 */
const KIND = 'panel';
const FIELD_NAMES = PANEL_FIELDS;
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** Options of {@link PanelCache.read}. */
export type PanelCacheReadOptions = {
  /**
   * Read the fields into SharedArrayBuffers (one per field, no copy), so worker threads can
   * share the panel (walk-forward `--workers`).
   */
  readonly shared?: boolean;
  /**
   * The fields to read (default all): only their sections are read and verified; the
   * panel's other value fields are empty (length 0), and `marketCap` is null when the entry
   * has none. A caller passes every field its computation reads.
   */
  readonly fields?: readonly PanelField[];
  /** Refuse (MemoryLimitError, thrown) a read whose fields need more than this, before allocating them. */
  readonly memoryLimit?: MemoryLimit | null;
};

/** A cache lookup: the panel, or why there is none (`corrupt` covers truncated, altered or foreign files). */
export type PanelCacheReadResult =
  | { readonly panel: Panel }
  | { readonly panel: null; readonly miss: 'absent' | 'corrupt'; readonly reason: string };

/**
 * What a cache entry says about its panel without its values: header fields and the
 * calendar, verified by the header checksum (see {@link PanelCache.readIdentity}).
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
 * file + rename), read with positioned reads of the fields a run needs straight into their
 * arrays (no parsing), each field verified by its own checksum. A corrupt or
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

  /**
   * The cached panel of `fingerprint` (its `fields`, default all), or a miss; never throws for
   * a bad or missing file (only MemoryLimitError, for fields over `memoryLimit`). Positioned reads: the header (verified by its checksum), then each
   * requested field's section, verified by its own checksum; the sections of other fields are
   * neither read nor verified (a damaged one is found by the read that needs it). A hit marks
   * the entry used (LRU).
   */
  async read(fingerprint: string, options: PanelCacheReadOptions = {}): Promise<PanelCacheReadResult> {
    const file = this.pathOf(fingerprint);
    const corrupt = (reason: string): PanelCacheReadResult => ({ panel: null, miss: 'corrupt', reason });
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { panel: null, miss: 'absent', reason };
    }
    try {
      const head = await readPanelHeader(handle, fingerprint);
      if (typeof head === 'string') return corrupt(head);
      const { meta, payloadStart, sections } = head;
      const wanted = new Set<PanelField>(options.fields ?? FIELD_NAMES);
      let valueBytes = 0;
      for (const section of sections) if (wanted.has(section.name as PanelField)) valueBytes += sectionStoredBytes(section);
      checkMemoryNeed({
        what: `the panel of ${meta.nSymbols} symbols x ${meta.nDates} dates (${wanted.size} fields, from the panel cache)`,
        needBytes: PROCESS_BASE_BYTES + valueBytes,
        limit: options.memoryLimit,
      });
      const fields = await Promise.all(
        sections.map(async (section): Promise<Float64Array | string> => {
          if (!wanted.has(section.name as PanelField)) return new Float64Array(0);
          const bytes = sectionStoredBytes(section);
          const buffer = options.shared === true ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
          const view = new Uint8Array(buffer);
          if ((await readFully(handle, view, payloadStart + section.offset)) !== bytes) return `file shrank while reading field ${section.name}`;
          if (!sectionChecksumMatches(section, view)) return `field ${section.name} checksum mismatch`;
          return new Float64Array(buffer, 0, section.length);
        }),
      );
      const problem = fields.find((field): field is string => typeof field === 'string');
      if (problem !== undefined) return corrupt(problem);
      const values = fields as Float64Array[];
      markCacheEntryUsed(file);
      return { panel: panelOf(meta.symbols, meta.dates, values, meta.marketCap ? values[5]! : null) };
    } catch (error) {
      if (error instanceof MemoryLimitError) throw error;
      return corrupt(error instanceof Error ? error.message : String(error));
    } finally {
      await handle.close();
    }
  }

  /**
   * The header and calendar of the entry of `fingerprint`, read with two positioned reads
   * (no values are read or decoded), or a miss; never throws for a bad or missing file.
   * Checked: the container's magic and versions, kind, fingerprint, byte order, the file's
   * exact length, and the header checksum (over the shape, symbols and calendar). Not
   * checked: the fields' checksums, which {@link read} verifies for the fields it reads (a body
   * corrupted behind an intact header is found there, reported corrupt and rebuilt from the CSVs).
   * A valid identity marks the entry used (LRU).
   */
  async readIdentity(fingerprint: string): Promise<PanelCacheIdentityResult> {
    const corrupt = (reason: string): PanelCacheIdentityResult => ({ identity: null, miss: 'corrupt', reason });
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(fingerprint), 'r');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { identity: null, miss: 'absent', reason };
    }
    try {
      const head = await readPanelHeader(handle, fingerprint);
      if (typeof head === 'string') return corrupt(head);
      const { meta } = head;
      markCacheEntryUsed(this.pathOf(fingerprint));
      return { identity: { fingerprint, nDates: meta.nDates, nSymbols: meta.nSymbols, dates: meta.dates } };
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
    return vouchedFingerprint(await this.readStatIndex(sourcesKey), files);
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

/**
 * The fingerprint a stat index record vouches for when `files` match it (see
 * PanelCache.lookupFingerprint), else null; for a caller that has read the record already.
 */
export function vouchedFingerprint(record: StatIndexRecord | null, files: readonly SourceFileStat[]): string | null {
  if (record === null || record.files.length !== files.length) return null;
  const racyFromNs = racyFromNsOf(record.hashStartedMs);
  for (let k = 0; k < files.length; k++) if (!statsVouch(record.files[k]!, files[k]!, racyFromNs)) return null;
  return record.fingerprint;
}

/** The first nanosecond timestamp (mtime or ctime) that is racily clean for files hashed from `hashStartedMs` on (RACY_MARGIN_MS before it). */
export function racyFromNsOf(hashStartedMs: number): bigint {
  return BigInt(Math.floor(hashStartedMs - RACY_MARGIN_MS)) * 1_000_000n;
}

/**
 * Whether a file's stats `now` vouch for the content recorded with the stats `known`: same
 * path, size, device, inode, mtime and ctime, neither time racily clean (at or after `racyFromNs`).
 */
export function statsVouch(known: SourceFileStat, now: SourceFileStat, racyFromNs: bigint): boolean {
  return (
    known.path === now.path &&
    known.size === now.size &&
    known.dev === now.dev &&
    known.ino === now.ino &&
    known.mtimeNs === now.mtimeNs &&
    known.ctimeNs === now.ctimeNs &&
    BigInt(now.mtimeNs) < racyFromNs &&
    BigInt(now.ctimeNs) < racyFromNs
  );
}

/** The cache file bytes of a panel (a container of kind `panel`), as one buffer. */
export function encodePanel(panel: Panel, fingerprint: string): Buffer {
  return Buffer.concat(encodePanelParts(panel, fingerprint));
}

/**
 * The cache file bytes of a panel as consecutive parts: a new buffer for the prefix and the
 * header, then views of the panel's own arrays (nothing copied), checksums over the parts.
 */
export function encodePanelParts(panel: Panel, fingerprint: string): Uint8Array[] {
  if (!FINGERPRINT.test(fingerprint)) throw new RangeError(`encodePanel: "${fingerprint}" is not a sha256 hex fingerprint`);
  const fields = panelFields(panel);
  return encodeContainerParts({
    kind: KIND,
    version: PANEL_CACHE_FORMAT_VERSION,
    key: fingerprint,
    meta: { nDates: panel.nDates, nSymbols: panel.nSymbols, marketCap: panel.marketCap !== null, symbols: [...panel.symbols], dates: Array.from(panel.dates) },
    sections: Object.fromEntries(fields.map((field, f) => [FIELD_NAMES[f] as string, field])),
    sectionChecksums: true,
  });
}

/**
 * The panel in cache file bytes, or a `corrupt` miss when anything is off: the container's
 * checks (kind, version, fingerprint, byte order, length, checksums), the header's shape,
 * symbols and calendar, the fields' lengths. The fields are views into `bytes` when it is
 * 8-byte aligned (else into one aligned copy each).
 */
export function decodePanel(bytes: Buffer, fingerprint: string): PanelCacheReadResult {
  const corrupt = (reason: string): PanelCacheReadResult => ({ panel: null, miss: 'corrupt', reason });
  const decoded = decodeContainer(bytes, { kind: KIND, version: PANEL_CACHE_FORMAT_VERSION, key: fingerprint });
  if (!decoded.ok) return corrupt(decoded.reason);
  const meta = panelMeta(decoded.meta);
  if (typeof meta === 'string') return corrupt(meta);
  const cells = meta.nDates * meta.nSymbols;
  const fields: Float64Array[] = [];
  for (const name of FIELD_NAMES.slice(0, meta.marketCap ? 6 : 5)) {
    const field = decoded.sections[name];
    if (!(field instanceof Float64Array) || field.length !== cells) return corrupt(`field ${name} does not match the shape`);
    fields.push(field);
  }
  if (Object.keys(decoded.sections).length !== fields.length) return corrupt('unexpected sections');
  return { panel: panelOf(meta.symbols, meta.dates, fields, meta.marketCap ? fields[5]! : null) };
}

type PanelHeader = { meta: PanelMeta; payloadStart: number; sections: readonly ContainerSection[] };

/**
 * The verified header of an open panel entry (two positioned reads: the prefix, then the
 * header), or why it is not one: the container's checks (magic, versions, kind, fingerprint,
 * byte order, the file's exact length, the header checksum), the panel's shape, symbols and
 * calendar, and its sections: the panel's fields in stored order, f64, one cell per
 * symbol-day, each with its checksum.
 */
async function readPanelHeader(handle: FileHandle, fingerprint: string): Promise<PanelHeader | string> {
  const size = (await handle.stat()).size;
  const prefix = Buffer.alloc(CONTAINER_PREFIX_BYTES);
  if ((await readFully(handle, prefix, 0)) < CONTAINER_PREFIX_BYTES) return `file has ${size} bytes, shorter than the ${CONTAINER_PREFIX_BYTES}-byte prefix`;
  const payloadStart = containerPayloadStart(prefix);
  if (payloadStart === null) return 'not a cache entry (bad magic)';
  if (payloadStart > size) return 'header runs past the end of the file';
  const head = Buffer.alloc(payloadStart);
  if ((await readFully(handle, head, 0)) !== payloadStart) return 'file shrank while reading the header';
  const decoded = decodeContainerHeader(head, size, { kind: KIND, version: PANEL_CACHE_FORMAT_VERSION, key: fingerprint });
  if (!decoded.ok) return decoded.reason;
  const meta = panelMeta(decoded.meta);
  if (typeof meta === 'string') return meta;
  const names = FIELD_NAMES.slice(0, meta.marketCap ? 6 : 5);
  const { sections } = decoded;
  if (sections.length !== names.length) return 'unexpected sections';
  const cells = meta.nDates * meta.nSymbols;
  for (const [f, section] of sections.entries()) {
    if (section.name !== names[f] || section.type !== 'f64' || section.length !== cells) return `field ${names[f]} does not match the shape`;
    if (section.crc32 === null) return `field ${names[f]} has no checksum`;
  }
  return { meta, payloadStart: decoded.payloadStart, sections };
}

/** Reads `into.byteLength` bytes at `position` (fewer only at the end of the file); the count read. */
async function readFully(handle: FileHandle, into: Uint8Array, position: number): Promise<number> {
  let done = 0;
  while (done < into.byteLength) {
    const { bytesRead } = await handle.read(into, done, into.byteLength - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

type PanelMeta = { nDates: number; nSymbols: number; marketCap: boolean; symbols: string[]; dates: Int32Array };

/** The header's description of the panel, or why it is not one. */
function panelMeta(value: unknown): PanelMeta | string {
  if (typeof value !== 'object' || value === null) return 'malformed panel header';
  const { nDates, nSymbols, marketCap, symbols, dates } = value as Record<string, unknown>;
  if (!Number.isInteger(nDates) || !Number.isInteger(nSymbols) || typeof marketCap !== 'boolean') return 'malformed panel header';
  if (!Array.isArray(symbols) || symbols.length !== nSymbols || !symbols.every((symbol) => typeof symbol === 'string')) return 'symbols do not match the header';
  if (!Array.isArray(dates) || dates.length !== nDates || !dates.every((date) => Number.isInteger(date))) return 'dates do not match the header';
  return { nDates: nDates as number, nSymbols: nSymbols as number, marketCap, symbols: symbols as string[], dates: Int32Array.from(dates as number[]) };
}

function panelFields(panel: Panel): Float64Array[] {
  const fields = [panel.open, panel.high, panel.low, panel.close, panel.volume];
  if (panel.marketCap !== null) fields.push(panel.marketCap);
  return fields;
}

/** writeFileAtomic, its failure reported as a FileWriteError. */
function writePanelCacheFile(target: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  try {
    writeFileAtomic(target, data);
  } catch (cause) {
    throw new FileWriteError({ what: 'panel cache file', path: target, cause });
  }
}
