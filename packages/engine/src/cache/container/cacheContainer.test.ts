import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerPayloadStart, decodeContainer, decodeContainerHeader, encodeContainer, sectionChecksumMatches } from './cacheContainer.js';
import type { SectionValue } from './cacheContainer.js';

const KEY = 'ab'.repeat(32);
const EXPECT = { kind: 'test', version: 7, key: KEY };

const section: fc.Arbitrary<SectionValue> = fc.oneof(
  fc.array(fc.double(), { maxLength: 20 }).map((xs) => new Float64Array(xs)),
  fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 20 }).map((xs) => new Int32Array(xs)),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 20 }).map((xs) => new Uint8Array(xs)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

function bytesOf(value: SectionValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

describe('cache container', () => {
  it('round-trips any sections (typed arrays bit for bit, text exactly, names like __proto__ included) and meta', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), section), fc.jsonValue(), (sections, meta) => {
        const decoded = decodeContainer(encodeContainer({ ...EXPECT, meta: JSON.parse(JSON.stringify(meta ?? null)) as null, sections }), EXPECT);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(Object.keys(decoded.sections)).toEqual(Object.keys(sections));
        for (const [name, value] of Object.entries(sections)) {
          const got = decoded.sections[name] as SectionValue;
          expect(typeof got === 'string' ? 'string' : got.constructor).toBe(typeof value === 'string' ? 'string' : value.constructor);
          expect(bytesOf(got).equals(bytesOf(value))).toBe(true);
        }
        expect(decoded.meta).toEqual(JSON.parse(JSON.stringify(meta ?? null)));
      }),
    );
  });

  it('reports every flipped byte and every truncation; the header alone is checked without the payload', () => {
    const encoded = encodeContainer({ ...EXPECT, meta: { n: 3 }, sections: { a: new Float64Array([1, 2, 3]), t: 'text', u: new Uint8Array([1, 2, 3]) } });
    for (let offset = 0; offset < encoded.length; offset++) {
      const copy = Buffer.from(encoded);
      copy[offset] = copy[offset]! ^ 0x01;
      expect(decodeContainer(copy, EXPECT).ok, `byte ${offset}`).toBe(false);
    }
    for (let length = 0; length < encoded.length; length++) expect(decodeContainer(encoded.subarray(0, length), EXPECT).ok, `length ${length}`).toBe(false);
    const payloadStart = containerPayloadStart(encoded) as number;
    expect(decodeContainerHeader(encoded.subarray(0, payloadStart), encoded.length, EXPECT)).toMatchObject({ ok: true, meta: { n: 3 }, payloadStart });
    expect(decodeContainerHeader(encoded.subarray(0, payloadStart), encoded.length - 1, EXPECT).ok).toBe(false);
  });

  it('with sectionChecksums, verifies each section alone from the header: a flipped byte fails that section only', () => {
    const encoded = encodeContainer({ ...EXPECT, meta: null, sections: { a: new Float64Array([1, 2, 3]), u: new Uint8Array([1, 2, 3]), b: new Int32Array([9]) }, sectionChecksums: true });
    const payloadStart = containerPayloadStart(encoded) as number;
    const header = decodeContainerHeader(encoded.subarray(0, payloadStart), encoded.length, EXPECT);
    if (!header.ok) throw new Error(header.reason);
    expect(header.sections.map(({ name, offset }) => [name, offset])).toEqual([['a', 0], ['u', 24], ['b', 32]]);
    const stored = (bytes: Buffer, name: string): Buffer => {
      const section = header.sections.find((s) => s.name === name)!;
      return bytes.subarray(payloadStart + section.offset, payloadStart + section.offset + (name === 'a' ? 24 : 8));
    };
    for (const section of header.sections) expect(sectionChecksumMatches(section, stored(encoded, section.name)), section.name).toBe(true);
    for (let offset = payloadStart; offset < encoded.length; offset++) {
      const copy = Buffer.from(encoded);
      copy[offset] = copy[offset]! ^ 0x01;
      expect(decodeContainer(copy, EXPECT).ok, `byte ${offset}`).toBe(false);
      const failing = header.sections.filter((section) => !sectionChecksumMatches(section, stored(copy, section.name))).map((section) => section.name);
      expect(failing, `byte ${offset}`).toEqual([offset < payloadStart + 24 ? 'a' : offset < payloadStart + 32 ? 'u' : 'b']);
    }
    // Without recorded checksums nothing vouches for a section read alone.
    const plain = encodeContainer({ ...EXPECT, meta: null, sections: { a: new Float64Array([1]) } });
    const plainHeader = decodeContainerHeader(plain.subarray(0, containerPayloadStart(plain) as number), plain.length, EXPECT);
    if (!plainHeader.ok) throw new Error(plainHeader.reason);
    expect(plainHeader.sections[0]!.crc32).toBeNull();
    expect(sectionChecksumMatches(plainHeader.sections[0]!, plain.subarray(plain.length - 8))).toBe(false);
  });

  it('refuses another kind, version or key, naming what it holds', () => {
    const encoded = encodeContainer({ ...EXPECT, meta: null, sections: {} });
    expect(decodeContainer(encoded, { ...EXPECT, kind: 'panel' })).toEqual({ ok: false, reason: 'a test entry, not a panel entry' });
    expect(decodeContainer(encoded, { ...EXPECT, version: 8 })).toEqual({ ok: false, reason: 'test version 7, expected 8' });
    expect(decodeContainer(encoded, { ...EXPECT, key: 'cd'.repeat(32) })).toEqual({ ok: false, reason: `entry holds key ${KEY}` });
  });

  it('copies typed sections into aligned memory when the bytes start at an unaligned offset', () => {
    const encoded = encodeContainer({ ...EXPECT, meta: null, sections: { a: new Float64Array([1.5, -2]), b: new Int32Array([7]) } });
    const shifted = Buffer.alloc(encoded.length + 3);
    encoded.copy(shifted, 3);
    const decoded = decodeContainer(shifted.subarray(3), EXPECT);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(Array.from(decoded.sections['a'] as Float64Array)).toEqual([1.5, -2]);
    expect(Array.from(decoded.sections['b'] as Int32Array)).toEqual([7]);
  });
});
