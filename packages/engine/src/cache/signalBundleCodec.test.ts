import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSignalBundle, encodeSignalBundle } from './signalBundleCodec.js';

const KEY = '0f'.repeat(32);

describe('signalBundleCodec', () => {
  it('round-trips any bundle of Float64Array and Int32Array bit for bit', () => {
    const arrays = fc.oneof(
      fc.array(fc.double(), { maxLength: 40 }).map((xs) => new Float64Array(xs)),
      fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 }).map((xs) => new Int32Array(xs)),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), arrays), (bundle) => {
        const decoded = decodeSignalBundle(encodeSignalBundle(KEY, bundle), KEY);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(Object.keys(decoded.bundle).sort()).toEqual(Object.keys(bundle).sort());
        for (const [name, array] of Object.entries(bundle)) {
          const got = decoded.bundle[name]!;
          expect(got.constructor).toBe(array.constructor);
          expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength)).toEqual(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
        }
      }),
    );
  });

  it('encodes the same bundle to the same bytes whatever the name order', () => {
    const a = encodeSignalBundle(KEY, { x: new Float64Array([1]), y: new Int32Array([2]) });
    const b = encodeSignalBundle(KEY, { y: new Int32Array([2]), x: new Float64Array([1]) });
    expect(Buffer.from(b)).toEqual(Buffer.from(a));
  });

  it('copies arrays into aligned memory when the bytes start at an unaligned offset', () => {
    const encoded = encodeSignalBundle(KEY, { scores: new Float64Array([1.5, -2.25]), order: new Int32Array([3, 1]) });
    const shifted = new Uint8Array(encoded.length + 4);
    shifted.set(encoded, 4);
    const decoded = decodeSignalBundle(shifted.subarray(4), KEY);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const scores = decoded.bundle.scores!;
    expect(scores.byteOffset % 8).toBe(0);
    expect(Array.from(scores)).toEqual([1.5, -2.25]);
    expect(Array.from(decoded.bundle.order!)).toEqual([3, 1]);
  });

  it('rejects every single-byte truncation', () => {
    const encoded = encodeSignalBundle(KEY, { s: new Float64Array([1, 2, 3]) });
    for (let length = 0; length < encoded.length; length++) {
      expect(decodeSignalBundle(encoded.subarray(0, length), KEY).ok).toBe(false);
    }
  });

  it('rejects an entry whose header names another key', () => {
    const decoded = decodeSignalBundle(encodeSignalBundle(KEY, {}), 'aa'.repeat(32));
    expect(decoded).toEqual({ ok: false, reason: `entry holds key ${KEY}` });
  });
});
