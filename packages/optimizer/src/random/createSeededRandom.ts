import type { RandomSource } from './RandomSource.js';

/**
 * xoshiro128** (Blackman and Vigna) seeded through splitmix32: a small, fast generator
 * whose whole sequence is fixed by the 32-bit `seed`.
 */
export function createSeededRandom(seed: number): RandomSource {
  const s = new Uint32Array(4);
  let x = seed >>> 0;
  for (let k = 0; k < 4; k++) {
    // splitmix32
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[k] = (z ^ (z >>> 16)) >>> 0;
  }
  const nextUint32 = (): number => {
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = s[2] as number;
    const s3 = s[3] as number;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
  return {
    nextUint32,
    nextFloat: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    nextInt: (n: number) => {
      // Rejection sampling: draws landing in the biased tail of 2^32 are redrawn.
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const r = nextUint32();
        if (r < limit) return r % n;
      }
    },
  };
}
