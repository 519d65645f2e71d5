import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson.js';
import { CanonicalJsonError } from '../errors.js';

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: true, c: null }], c: 'x' })).toBe('{"a":[3,{"c":null,"d":true}],"b":1,"c":"x"}');
  });

  it('gives the same text whatever the key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(record);
      }),
    );
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [undefined], [10n], [new Date(0)]])('rejects %s with its path', (bad) => {
    expect(() => canonicalJson({ universe: { topN: bad } })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ universe: { topN: bad } })).toThrow('/universe/topN');
  });
});
