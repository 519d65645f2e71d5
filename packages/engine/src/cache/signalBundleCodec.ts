import { decodeContainer, encodeContainerParts } from './container/cacheContainer.js';
import type { SectionValue } from './container/cacheContainer.js';
import { InvalidSignalBundleError } from '../errors.js';
import type { SignalArray, SignalBundle } from './SignalBundle.js';

/**
 * A signal cache entry is a cache container (container/cacheContainer.ts) of kind `signal`:
 * one f64 or i32 section per bundle array, in name order, no meta. Entries of the earlier
 * WFSIGNAL format read as corrupt and are recomputed.
 */
const KIND = 'signal';
const VERSION = 3;

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
  const sections: [string, SectionValue][] = [];
  for (const name of Object.keys(bundle).sort()) {
    const array: unknown = bundle[name];
    if (name.length === 0) throw new InvalidSignalBundleError({ arrayName: name, problem: 'the name is empty' });
    if (!(array instanceof Float64Array) && !(array instanceof Int32Array)) {
      throw new InvalidSignalBundleError({ arrayName: name, problem: `expected a Float64Array or Int32Array, got ${describe(array)}` });
    }
    sections.push([name, array]);
  }
  return encodeContainerParts({ kind: KIND, version: VERSION, key, meta: null, sections: Object.fromEntries(sections) });
}

/**
 * Parses and verifies an entry read from disk. Anything unexpected (not a signal entry of
 * this version, another key or byte order, a malformed header, wrong size, checksum
 * mismatch, a section of another type) gives `ok: false`; never throws on bad bytes. Arrays
 * are views into `bytes` when aligned, copies otherwise.
 */
export function decodeSignalBundle(bytes: Uint8Array, key: string): DecodedSignalBundle {
  const decoded = decodeContainer(bytes, { kind: KIND, version: VERSION, key });
  if (!decoded.ok) return decoded;
  for (const [name, value] of Object.entries(decoded.sections)) {
    if (!(value instanceof Float64Array) && !(value instanceof Int32Array)) return { ok: false, reason: `section "${name}" is not a Float64Array or Int32Array` };
  }
  return { ok: true, bundle: decoded.sections as Readonly<Record<string, SignalArray>> };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return value.constructor.name;
  return typeof value;
}
