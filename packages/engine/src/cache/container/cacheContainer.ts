import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';

/*
 * The one binary container of every cache entry (panel, universe, signal, window):
 *
 *   offset  size  field
 *   0       8     magic "WFCACHE\n"
 *   8       4     container version (1), uint32 little-endian
 *   12      4     header length H in bytes, uint32 little-endian
 *   16      4     CRC-32 (zlib's) of the header and its padding, uint32 little-endian
 *   20      4     CRC-32 of the payload (every byte after the header's padding), uint32 little-endian
 *   24      8     zero
 *   32      H     header: UTF-8 JSON {kind, version, key, endian, meta, payloadBytes,
 *                 sections: [{name, type, length, offset[, crc32]}]}
 *   ...           zero padding to a multiple of 8, where the payload starts
 *   payload       each section's bytes at its `offset` (relative to the payload, a multiple of
 *                 8), followed by zero padding to a multiple of 8
 *
 * Section types: f64 (Float64Array), i32 (Int32Array), u8 (Uint8Array), utf8 (a string;
 * `length` counts bytes). Typed arrays are stored in the writer's byte order, recorded as
 * `endian`: an entry of the other byte order reads as corrupt. `kind` and `version` name the
 * cache and its content version; `key` is the entry's content address; `meta` is small JSON
 * a cache reads before the payload (the panel's calendar and symbols, the universe config).
 * The two checksums catch truncation and damage (not tampering); the header's lets a reader
 * trust the header alone without reading the payload (the panel cache's identity lookup).
 * An entry written with `sectionChecksums` also records in each section entry the CRC-32 of
 * that section's bytes and padding (`crc32`): covered by the header checksum, they let a
 * reader verify just the sections it reads (positioned reads of part of a large entry, see
 * {@link sectionChecksumMatches}); a reader of the whole entry checks them as well.
 */

const MAGIC = 'WFCACHE\n';
const CONTAINER_VERSION = 1;
/** Bytes before the header. */
export const CONTAINER_PREFIX_BYTES = 32;
const HEADER_CRC_OFFSET = 16;
const PAYLOAD_CRC_OFFSET = 20;
const HOST_ENDIAN = endianness();

/** One section of an entry. */
export type SectionValue = Float64Array | Int32Array | Uint8Array | string;

/** JSON a header may carry. */
export type ContainerMeta = null | boolean | number | string | readonly ContainerMeta[] | { readonly [key: string]: ContainerMeta };

/** What an entry holds. */
export type ContainerContent = {
  /** The cache: `panel`, `universe`, `signal`, `window`. */
  readonly kind: string;
  /** The content version of that cache (bumped when the same key would mean other bytes). */
  readonly version: number;
  readonly key: string;
  readonly meta: ContainerMeta;
  /** Sections in the order they are stored. */
  readonly sections: Readonly<Record<string, SectionValue>>;
  /** Record each section's own CRC-32 in the header too (default false: the payload's only). */
  readonly sectionChecksums?: boolean;
};

/** What a reader requires of an entry. */
export type ContainerExpectation = { readonly kind: string; readonly version: number; readonly key: string };

/** How a section is stored: f64 (Float64Array), i32 (Int32Array), u8 (Uint8Array), utf8 (text). */
export type SectionType = 'f64' | 'i32' | 'u8' | 'utf8';

/**
 * Where one section lies: `offset` from the payload start (a multiple of 8), `length` in
 * elements (bytes for utf8), and the CRC-32 of its bytes and padding when the entry was
 * written with `sectionChecksums` (null otherwise).
 */
export type ContainerSection = {
  readonly name: string;
  readonly type: SectionType;
  readonly length: number;
  readonly offset: number;
  readonly crc32: number | null;
};

type SectionEntry = { name: string; type: SectionType; length: number; offset: number; crc32?: number };
type Header = { kind: string; version: number; key: string; endian: string; meta: ContainerMeta; payloadBytes: number; sections: SectionEntry[] };

/** A verified header: everything but the sections' values. */
export type ContainerHeader = {
  readonly meta: ContainerMeta;
  /** Where the payload starts. */
  readonly payloadStart: number;
  /** The sections in stored order, each checked to lie within the payload. */
  readonly sections: readonly ContainerSection[];
};

/** A decoded entry, or why its bytes cannot be trusted. */
export type DecodedContainer =
  | { readonly ok: true; readonly meta: ContainerMeta; readonly sections: Readonly<Record<string, SectionValue>> }
  | { readonly ok: false; readonly reason: string };

/** A decoded header, or why it cannot be trusted. */
export type DecodedContainerHeader = ({ readonly ok: true } & ContainerHeader) | { readonly ok: false; readonly reason: string };

/**
 * The entry as consecutive parts: a new buffer for prefix and header, then views of the
 * sections' own arrays (nothing copied) and their padding. Write them in order (writev)
 * before the arrays change.
 */
export function encodeContainerParts(content: ContainerContent): Uint8Array[] {
  const sections: SectionEntry[] = [];
  const bodies: Uint8Array[] = [];
  let payloadBytes = 0;
  for (const [name, value] of Object.entries(content.sections)) {
    const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const entry: SectionEntry = { name, type: typeOf(value), length: typeof value === 'string' ? body.byteLength : value.length, offset: payloadBytes };
    if (content.sectionChecksums === true) entry.crc32 = crc32Update(paddingOf(body), crc32Update(body, 0));
    sections.push(entry);
    bodies.push(body);
    payloadBytes += align8(body.byteLength);
  }
  const header: Header = { kind: content.kind, version: content.version, key: content.key, endian: HOST_ENDIAN, meta: content.meta, payloadBytes, sections };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const payloadStart = align8(CONTAINER_PREFIX_BYTES + headerBytes.length);
  const head = Buffer.alloc(payloadStart);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(CONTAINER_VERSION, 8);
  head.writeUInt32LE(headerBytes.length, 12);
  headerBytes.copy(head, CONTAINER_PREFIX_BYTES);
  head.writeUInt32LE(crc32(head.subarray(CONTAINER_PREFIX_BYTES)), HEADER_CRC_OFFSET);
  const parts: Uint8Array[] = [head];
  let crc = 0;
  for (const body of bodies) {
    parts.push(body);
    crc = crc32Update(body, crc);
    const zeros = paddingOf(body);
    if (zeros.byteLength > 0) {
      parts.push(zeros);
      crc = crc32Update(zeros, crc);
    }
  }
  head.writeUInt32LE(crc, PAYLOAD_CRC_OFFSET);
  return parts;
}

/** The entry as one buffer. */
export function encodeContainer(content: ContainerContent): Buffer {
  return Buffer.concat(encodeContainerParts(content));
}

/**
 * Verifies an entry's prefix and header (magic, versions, kind, key, byte order, header
 * checksum) from its first bytes (at least containerPayloadStart of them; `fileBytes` is the whole
 * file's length, which must be what the header announces). Never throws on bad bytes.
 */
export function decodeContainerHeader(head: Uint8Array, fileBytes: number, expected: ContainerExpectation): DecodedContainerHeader {
  const parsed = parseHead(head, expected);
  if (!parsed.ok) return parsed;
  const { header, payloadStart } = parsed;
  if (payloadStart + header.payloadBytes !== fileBytes) return bad(`file has ${fileBytes} bytes, expected ${payloadStart + header.payloadBytes} (truncated?)`);
  const sections: ContainerSection[] = [];
  for (const entry of header.sections) {
    const outOfBounds = sectionOutOfBounds(entry, header.payloadBytes);
    if (outOfBounds !== null) return bad(outOfBounds);
    sections.push({ name: entry.name, type: entry.type, length: entry.length, offset: entry.offset, crc32: entry.crc32 ?? null });
  }
  return { ok: true, meta: header.meta, payloadStart, sections };
}

/**
 * Whether `bytes`, read from the payload at `section.offset`, are the section's bytes and
 * padding (align8 of its byte length) as its recorded CRC-32 says; false for a section
 * without a recorded checksum (nothing vouches for it) or bytes of another length.
 */
export function sectionChecksumMatches(section: ContainerSection, bytes: Uint8Array): boolean {
  if (section.crc32 === null || bytes.byteLength !== align8(section.length * ELEMENT_BYTES[section.type])) return false;
  return crc32Update(bytes, 0) === section.crc32;
}

/** The bytes a section occupies in the payload: its values and the padding to a multiple of 8. */
export function sectionStoredBytes(section: ContainerSection): number {
  return align8(section.length * ELEMENT_BYTES[section.type]);
}

/**
 * Parses and verifies a whole entry (header checks of decodeContainerHeader, length, payload
 * checksum, section bounds). Typed sections are views into `bytes` when aligned (copies
 * otherwise); text sections are decoded. Never throws on bad bytes.
 */
export function decodeContainer(bytes: Uint8Array, expected: ContainerExpectation): DecodedContainer {
  const parsed = parseHead(bytes, expected);
  if (!parsed.ok) return parsed;
  const { header, payloadStart } = parsed;
  if (payloadStart + header.payloadBytes !== bytes.length) return bad(`file has ${bytes.length} bytes, expected ${payloadStart + header.payloadBytes} (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(PAYLOAD_CRC_OFFSET, true) !== crc32Update(bytes.subarray(payloadStart), 0)) return bad('checksum mismatch');
  // Entries, then fromEntries: a section named "__proto__" stays an own property.
  const sections: [string, SectionValue][] = [];
  for (const entry of header.sections) {
    const size = ELEMENT_BYTES[entry.type];
    const byteLength = entry.length * size;
    const outOfBounds = sectionOutOfBounds(entry, header.payloadBytes);
    if (outOfBounds !== null) return bad(outOfBounds);
    const start = payloadStart + entry.offset;
    if (entry.crc32 !== undefined && crc32Update(bytes.subarray(start, start + align8(byteLength)), 0) !== entry.crc32) return bad(`section "${entry.name}" checksum mismatch`);
    if (entry.type === 'utf8') {
      sections.push([entry.name, Buffer.from(bytes.buffer, bytes.byteOffset + start, byteLength).toString('utf8')]);
      continue;
    }
    const absolute = bytes.byteOffset + start;
    const aligned = absolute % size === 0;
    const buffer = aligned ? bytes.buffer : Uint8Array.prototype.slice.call(bytes, start, start + byteLength).buffer;
    const offset = aligned ? absolute : 0;
    sections.push([
      entry.name,
      entry.type === 'f64' ? new Float64Array(buffer, offset, entry.length) : entry.type === 'i32' ? new Int32Array(buffer, offset, entry.length) : new Uint8Array(buffer, offset, entry.length),
    ]);
  }
  return { ok: true, meta: header.meta, sections: Object.fromEntries(sections) };
}

/**
 * Where the payload of an entry starts, from its first CONTAINER_PREFIX_BYTES (a reader of the
 * header alone reads that many bytes), or null when they are no container prefix.
 */
export function containerPayloadStart(prefix: Uint8Array): number | null {
  if (prefix.length < CONTAINER_PREFIX_BYTES || Buffer.from(prefix.buffer, prefix.byteOffset, 8).toString('latin1') !== MAGIC) return null;
  return align8(CONTAINER_PREFIX_BYTES + new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(12, true));
}

const ELEMENT_BYTES: Record<SectionType, number> = { f64: 8, i32: 4, u8: 1, utf8: 1 };

function parseHead(bytes: Uint8Array, expected: ContainerExpectation): { ok: true; header: Header; payloadStart: number } | { ok: false; reason: string } {
  if (bytes.length < CONTAINER_PREFIX_BYTES) return bad(`file has ${bytes.length} bytes, shorter than the ${CONTAINER_PREFIX_BYTES}-byte prefix`);
  if (Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) return bad('not a cache entry (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CONTAINER_VERSION) return bad(`container version ${version}, expected ${CONTAINER_VERSION}`);
  for (let k = 24; k < CONTAINER_PREFIX_BYTES; k++) if (bytes[k] !== 0) return bad('reserved prefix bytes are not zero');
  const headerLength = view.getUint32(12, true);
  const payloadStart = align8(CONTAINER_PREFIX_BYTES + headerLength);
  if (payloadStart > bytes.length) return bad('header runs past the end of the file');
  if (view.getUint32(HEADER_CRC_OFFSET, true) !== crc32Update(bytes.subarray(CONTAINER_PREFIX_BYTES, payloadStart), 0)) return bad('header checksum mismatch');
  const headerBytes = bytes.subarray(CONTAINER_PREFIX_BYTES, CONTAINER_PREFIX_BYTES + headerLength);
  let header: Header | null;
  try {
    header = parseHeader(JSON.parse(Buffer.from(headerBytes.buffer, headerBytes.byteOffset, headerBytes.byteLength).toString('utf8')) as unknown);
  } catch {
    return bad('header is not JSON');
  }
  if (header === null) return bad('malformed header');
  if (header.kind !== expected.kind) return bad(`a ${header.kind} entry, not a ${expected.kind} entry`);
  if (header.version !== expected.version) return bad(`${header.kind} version ${header.version}, expected ${expected.version}`);
  if (header.key !== expected.key) return bad(`entry holds key ${header.key}`);
  if (header.endian !== HOST_ENDIAN) return bad(`entry byte order ${header.endian}, host is ${HOST_ENDIAN}`);
  return { ok: true, header, payloadStart };
}

function parseHeader(value: unknown): Header | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, version, key, endian, meta, payloadBytes, sections } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || !isCount(version) || typeof key !== 'string' || typeof endian !== 'string' || !isCount(payloadBytes) || !Array.isArray(sections)) return null;
  const entries: SectionEntry[] = [];
  const seen = new Set<string>();
  for (const item of sections as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { name, type, length, offset } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.length === 0 || seen.has(name)) return null;
    if ((type !== 'f64' && type !== 'i32' && type !== 'u8' && type !== 'utf8') || !isCount(length) || !isCount(offset)) return null;
    const { crc32: sectionCrc } = item as Record<string, unknown>;
    if (sectionCrc !== undefined && !(isCount(sectionCrc) && sectionCrc <= 0xffffffff)) return null;
    seen.add(name);
    entries.push(sectionCrc === undefined ? { name, type, length, offset } : { name, type, length, offset, crc32: sectionCrc });
  }
  return { kind, version, key, endian, meta: (meta ?? null) as ContainerMeta, payloadBytes, sections: entries };
}

/** Why a section cannot lie where its entry says (unaligned, or past the payload's end), or null. */
function sectionOutOfBounds(entry: SectionEntry, payloadBytes: number): string | null {
  const end = entry.offset + align8(entry.length * ELEMENT_BYTES[entry.type]);
  return entry.offset % 8 !== 0 || end > payloadBytes ? `section "${entry.name}" out of bounds` : null;
}

/** The zero bytes that follow `body` in the payload (to a multiple of 8). */
function paddingOf(body: Uint8Array): Uint8Array {
  return new Uint8Array(align8(body.byteLength) - body.byteLength);
}

function typeOf(value: SectionValue): SectionType {
  if (typeof value === 'string') return 'utf8';
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Int32Array) return 'i32';
  return 'u8';
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

function bad(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
