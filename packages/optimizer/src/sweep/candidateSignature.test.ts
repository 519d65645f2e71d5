import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateSignature } from './candidateSignature.js';

describe('candidateSignature', () => {
  it('depends on values, value types and portfolio settings, not on key insertion order', () => {
    const a = candidateSignature({ fast: 10, slow: 50 }, []);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(candidateSignature({ slow: 50, fast: 10 }, [])).toBe(a);
    expect(candidateSignature({ fast: 10, slow: 51 }, [])).not.toBe(a);
    expect(candidateSignature({ fast: '10', slow: 50 }, [])).not.toBe(a);
    expect(candidateSignature({ fast: 10, slow: 50 }, [['cost_bps', 5]])).not.toBe(a);
  });

  it('gives distinct signatures to distinct integer parameter pairs', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 })), { minLength: 2, maxLength: 300, selector: ([a, b]) => `${a},${b}` }), (pairs) => {
        const signatures = new Set(pairs.map(([a, b]) => candidateSignature({ lookback: a, skip: b }, [])));
        expect(signatures.size).toBe(pairs.length);
      }),
    );
  });
});
