import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalParams } from './canonicalParams.js';
import { compareCodePoints } from '../util/compareCodePoints.js';

describe('canonicalParams', () => {
  it('joins key=value pairs sorted by key with ";" (PROTOCOL section 7)', () => {
    expect(canonicalParams({ skip: 21, lookback: 252 })).toBe('lookback=252;skip=21');
    expect(canonicalParams({ slow: 26, fast: 12, signal: 9 })).toBe('fast=12;signal=9;slow=26');
  });

  it('writes numbers in shortest round-trip form and other values with String', () => {
    expect(canonicalParams({ a: 0.1, b: 1e21, c: -0, d: true, e: 'x' })).toBe('a=0.1;b=1e+21;c=0;d=true;e=x');
  });

  it('is empty for a factor without parameters', () => {
    expect(canonicalParams({})).toBe('');
  });

  it('sorts keys by code point, not by UTF-16 unit or locale', () => {
    // U+FF21 (fullwidth A) is one unit above U+E000 but below the astral U+1D400.
    expect(canonicalParams({ '\u{1D400}': 1, '\uFF21': 2, B: 3, a: 4 })).toBe('B=3;a=4;\uFF21=2;\u{1D400}=1');
  });

  it('does not depend on the insertion order of keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (params) => {
        const reversed = Object.fromEntries(Object.entries(params).reverse());
        expect(canonicalParams(reversed)).toBe(canonicalParams(params));
      }),
    );
  });
});

describe('compareCodePoints', () => {
  it('orders strings as their code point sequences', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const pa = Array.from(a, (ch) => ch.codePointAt(0)!);
        const pb = Array.from(b, (ch) => ch.codePointAt(0)!);
        let expected = 0;
        for (let k = 0; k < Math.min(pa.length, pb.length) && expected === 0; k++) expected = Math.sign(pa[k]! - pb[k]!);
        if (expected === 0) expected = Math.sign(pa.length - pb.length);
        expect(Math.sign(compareCodePoints(a, b))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
