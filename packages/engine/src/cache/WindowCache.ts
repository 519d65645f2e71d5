import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { OnCacheRecovery } from './CacheRecovery.js';
import { markCacheEntryUsed } from './housekeeping/markCacheEntryUsed.js';
import { InvalidCacheKeyError } from './InvalidCacheKeyError.js';
import { WindowCacheIoError } from './WindowCacheIoError.js';

/** The texts one unit appended to each output file, by file name. */
export type UnitTexts = Readonly<Record<string, string>>;

/** Counters of one WindowCache since construction. */
export type WindowCacheStats = { readonly hits: number; readonly misses: number; readonly corrupt: number; readonly writes: number };

const MAGIC = 'WFUNIT01';
const KEY_PATTERN = /^[0-9a-f]{64}$/;
/** magic (8) | crc32 of everything after it (4) | header length (4) | header JSON | texts */
const PREFIX_BYTES = 16;

/**
 * On-disk cache of walk-forward units (issue "reuse every unchanged window"): one entry per
 * key (see windowCacheKey) at `<dir>/windows/<key[0..2]>/<key>.bin`, holding the exact
 * text the unit appended to each protocol file. A hit is replayed byte for byte, so a run
 * that reuses units writes the same files as one that computes them.
 *
 * Entries carry a CRC-32 over header and texts and their own key; a corrupt, truncated or
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
      throw new WindowCacheIoError({ path, operation: 'read', cause: error });
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
      throw new WindowCacheIoError({ path, operation: 'write', cause: error });
    }
    this.writes++;
  }

  stats(): WindowCacheStats {
    return { hits: this.hits, misses: this.misses, corrupt: this.corrupt, writes: this.writes };
  }
}

/** The entry bytes of a unit (see WindowCache for the layout). */
export function encodeUnitTexts(key: string, texts: UnitTexts): Buffer {
  const names = Object.keys(texts).sort();
  const bodies = names.map((name) => Buffer.from(texts[name] as string, 'utf8'));
  const header = Buffer.from(JSON.stringify({ key, files: names.map((name, k) => ({ name, bytes: bodies[k]!.length })) }), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, 12);
  const rest = Buffer.concat([prefix.subarray(12), header, ...bodies]);
  prefix.writeUInt32LE(crc32(rest), 8);
  return Buffer.concat([prefix.subarray(0, 12), rest]);
}

/** Why `bytes` are not an intact window cache entry of `key` (any file names), or null (wf-cache verify). */
export function verifyUnitEntry(bytes: Buffer, key: string): string | null {
  if (bytes.length < PREFIX_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC) return 'not a window cache entry (magic)';
  if (bytes.readUInt32LE(8) !== crc32(bytes.subarray(12))) return 'checksum mismatch';
  try {
    const header = JSON.parse(bytes.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + bytes.readUInt32LE(12))) as { files?: { name?: unknown }[] };
    const names = Array.isArray(header.files) ? header.files.map((file) => String(file.name)) : [];
    return decodeUnitTexts(bytes, key, names) === null ? 'header does not match the key or the lengths' : null;
  } catch {
    return 'unreadable header';
  }
}

/** The texts of an entry, or null when it is not a complete, intact entry of `key` with exactly `fileNames`. */
export function decodeUnitTexts(bytes: Buffer, key: string, fileNames: readonly string[]): UnitTexts | null {
  if (bytes.length < PREFIX_BYTES || bytes.toString('latin1', 0, 8) !== MAGIC) return null;
  if (bytes.readUInt32LE(8) !== crc32(bytes.subarray(12))) return null;
  const headerBytes = bytes.readUInt32LE(12);
  if (PREFIX_BYTES + headerBytes > bytes.length) return null;
  let header: { key?: unknown; files?: unknown };
  try {
    header = JSON.parse(bytes.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes)) as typeof header;
  } catch {
    return null;
  }
  if (header.key !== key || !Array.isArray(header.files)) return null;
  const wanted = [...fileNames].sort();
  if (header.files.length !== wanted.length) return null;
  const texts: Record<string, string> = {};
  let offset = PREFIX_BYTES + headerBytes;
  for (let k = 0; k < wanted.length; k++) {
    const file = header.files[k] as { name?: unknown; bytes?: unknown };
    if (file.name !== wanted[k] || !Number.isInteger(file.bytes) || (file.bytes as number) < 0) return null;
    const end = offset + (file.bytes as number);
    if (end > bytes.length) return null;
    texts[file.name as string] = bytes.toString('utf8', offset, end);
    offset = end;
  }
  return offset === bytes.length ? texts : null;
}
