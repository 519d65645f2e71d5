import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './createSeededRandom.js';
import { FeistelPermutation } from './FeistelPermutation.js';

describe('FeistelPermutation', () => {
  it('visits every position of [0, size) exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 0xffffffff }), (size, seed) => {
        const p = new FeistelPermutation({ size, random: createSeededRandom(seed) });
        const seen = new Uint8Array(size);
        for (let k = 0; k < size; k++) seen[p.at(k)] = (seen[p.at(k)] as number) + 1;
        expect(seen.every((n) => n === 1)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('stays in range on a grid near 2^53 and depends on the seed', () => {
    const size = Number.MAX_SAFE_INTEGER;
    const a = new FeistelPermutation({ size, random: createSeededRandom(1) });
    const b = new FeistelPermutation({ size, random: createSeededRandom(2) });
    const xs = [0, 1, 2, 3].map((k) => a.at(k));
    for (const x of xs) expect(x >= 0 && x < size && Number.isInteger(x)).toBe(true);
    expect([0, 1, 2, 3].map((k) => b.at(k))).not.toEqual(xs);
  });
});
