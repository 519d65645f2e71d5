import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { InvalidSignalBundleError } from './InvalidSignalBundleError.js';
import type { SignalArray, SignalBundle } from './SignalBundle.js';

/*
 * Binary layout of one signal cache entry (format version 2):
 *
 *   offset  size  field
 *   0       8     magic "WFSIGNAL"
 *   8       4     format version, uint32 little-endian
 *   12      4     header length H in bytes, uint32 little-endian
 *   16      4     CRC-32 (zlib's) of every byte from offset 48 to the end (header, padding,
 *                 payload), uint32 little-endian
 *   20      28    zero
 *   48      H     header: UTF-8 JSON {key, endian, payloadBytes, arrays: [{name, type, length, offset}]}
 *   ...           zero padding to a multiple of 8, where the payload starts
 *   payload       each array's raw bytes at its `offset` (relative to the payload, multiple of 8)
 *
 * Arrays are stored in host byte order (recorded as `endian`); an entry written on a host
 * of the other byte order reads as corrupt and is recomputed.
 *
 * Version 1 held a sha256 where the CRC-32 now is. The checksum is there to catch a corrupt
 * or truncated file (DESIGN.md: detected and recomputed), not tampering, and CRC-32 does that
 * at about 2.5x sha256's speed: a cold nightly run writes about 250 MB of entries. Version 1
 * entries read as corrupt and are recomputed.
 */

const MAGIC = 'WFSIGNAL';
const FORMAT_VERSION = 2;
const PREFIX_BYTES = 48;
const CHECKSUM_OFFSET = 16;
const HOST_ENDIAN = endianness();

type ArrayType = 'f64' | 'i32';

type ArrayEntry = { name: string; type: ArrayType; length: number; offset: number };

type Header = { key: string; endian: string; payloadBytes: number; arrays: ArrayEntry[] };

/** Result of decoding an entry: the bundle, or why the bytes cannot be trusted. */
export type DecodedSignalBundle = { readonly ok: true; readonly bundle: SignalBundle } | { readonly ok: false; readonly reason: string };

/** Serializes `bundle` (arrays in name order) as one self-checking entry for `key`. */
export function encodeSignalBundle(key: string, bundle: SignalBundle): Uint8Array {
  return Buffer.concat(encodeSignalBundleParts(key, bundle));
}

/**
 * The entry of {@link encodeSignalBundle} as consecutive parts: a prefix-and-header block,
 * then views of the bundle's own arrays, each followed by its alignment padding (no copy of
 * the arrays). Write them in order (e.g. `fs.writevSync`) before the arrays change.
 */
export function encodeSignalBundleParts(key: string, bundle: SignalBundle): Uint8Array[] {
  const names = Object.keys(bundle).sort();
  const arrays: ArrayEntry[] = [];
  const sources: SignalArray[] = [];
  let payloadBytes = 0;
  for (const name of names) {
    const array = bundle[name];
    if (name.length === 0) throw new InvalidSignalBundleError({ arrayName: name, problem: 'the name is empty' });
    let type: ArrayType;
    if (array instanceof Float64Array) type = 'f64';
    else if (array instanceof Int32Array) type = 'i32';
    else {
      throw new InvalidSignalBundleError({
        arrayName: name,
        problem: `expected a Float64Array or Int32Array, got ${describe(array)}`,
      });
    }
    arrays.push({ name, type, length: array.length, offset: payloadBytes });
    sources.push(array);
    payloadBytes += align8(array.byteLength);
  }
  const header: Header = { key, endian: HOST_ENDIAN, payloadBytes, arrays };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const payloadStart = align8(PREFIX_BYTES + headerBytes.length);
  const head = Buffer.alloc(payloadStart);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(FORMAT_VERSION, 8);
  head.writeUInt32LE(headerBytes.length, 12);
  headerBytes.copy(head, PREFIX_BYTES);
  const parts: Uint8Array[] = [head];
  let crc = crc32(head.subarray(PREFIX_BYTES));
  for (const source of sources) {
    const raw = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    parts.push(raw);
    crc = crc32Update(raw, crc);
    const padding = align8(raw.byteLength) - raw.byteLength;
    if (padding > 0) {
      const zeros = new Uint8Array(padding);
      parts.push(zeros);
      crc = crc32Update(zeros, crc);
    }
  }
  head.writeUInt32LE(crc, CHECKSUM_OFFSET);
  return parts;
}

/**
 * Parses and verifies an entry read from disk. Anything unexpected (wrong magic, version,
 * key or byte order, malformed header, wrong size, checksum mismatch) gives `ok: false`;
 * this function never throws on bad bytes. Arrays are views into `bytes` when aligned,
 * copies otherwise.
 */
export function decodeSignalBundle(bytes: Uint8Array, key: string): DecodedSignalBundle {
  if (bytes.length < PREFIX_BYTES) return bad(`file has ${bytes.length} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`);
  if (Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) return bad('bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) return bad(`format version ${version}, expected ${FORMAT_VERSION}`);
  const headerLength = view.getUint32(12, true);
  if (PREFIX_BYTES + headerLength > bytes.length) return bad('header runs past the end of the file');
  for (let k = CHECKSUM_OFFSET + 4; k < PREFIX_BYTES; k++) if (bytes[k] !== 0) return bad('reserved prefix bytes are not zero');
  if (view.getUint32(CHECKSUM_OFFSET, true) !== crc32(bytes.subarray(PREFIX_BYTES))) return bad('checksum mismatch');

  let header: Header;
  try {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX_BYTES, headerLength).toString('utf8');
    const parsed = parseHeader(JSON.parse(text) as unknown);
    if (parsed === null) return bad('malformed header');
    header = parsed;
  } catch {
    return bad('header is not JSON');
  }
  if (header.key !== key) return bad(`entry holds key ${header.key}`);
  if (header.endian !== HOST_ENDIAN) return bad(`entry byte order ${header.endian}, host is ${HOST_ENDIAN}`);
  const payloadStart = align8(PREFIX_BYTES + headerLength);
  if (payloadStart + header.payloadBytes !== bytes.length) {
    return bad(`file has ${bytes.length} bytes, header says ${payloadStart + header.payloadBytes}`);
  }

  const entries: [string, SignalArray][] = [];
  for (const entry of header.arrays) {
    const elementBytes = entry.type === 'f64' ? 8 : 4;
    const byteLength = entry.length * elementBytes;
    if (entry.offset % 8 !== 0 || entry.offset + byteLength > header.payloadBytes) return bad(`array "${entry.name}" out of bounds`);
    const absolute = bytes.byteOffset + payloadStart + entry.offset;
    const aligned = absolute % elementBytes === 0;
    const buffer = aligned ? bytes.buffer : bytes.slice(payloadStart + entry.offset, payloadStart + entry.offset + byteLength).buffer;
    const start = aligned ? absolute : 0;
    entries.push([entry.name, entry.type === 'f64' ? new Float64Array(buffer, start, entry.length) : new Int32Array(buffer, start, entry.length)]);
  }
  return { ok: true, bundle: Object.fromEntries(entries) };
}

function parseHeader(value: unknown): Header | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const { key, endian, payloadBytes, arrays } = record;
  if (typeof key !== 'string' || typeof endian !== 'string' || !isCount(payloadBytes) || !Array.isArray(arrays)) return null;
  const entries: ArrayEntry[] = [];
  const seen = new Set<string>();
  for (const item of arrays as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { name, type, length, offset } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.length === 0 || seen.has(name)) return null;
    if ((type !== 'f64' && type !== 'i32') || !isCount(length) || !isCount(offset)) return null;
    seen.add(name);
    entries.push({ name, type, length, offset });
  }
  return { key, endian, payloadBytes, arrays: entries };
}

/** zlib's CRC-32 continued over `data`; Node 20's crc32 returns 0 for an empty view of a zero-length buffer. */
function crc32Update(data: Uint8Array, crc: number): number {
  return data.byteLength === 0 ? crc : crc32(data, crc);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function bad(reason: string): DecodedSignalBundle {
  return { ok: false, reason };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return value.constructor.name;
  return typeof value;
}
