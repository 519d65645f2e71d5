import type { RandomSource } from './RandomSource.js';

/**
 * A seeded bijection of [0, size) evaluated point by point (a balanced Feistel network on
 * the smallest even bit width covering `size`, cycle-walking back into range). Walking
 * positions 0, 1, 2, ... visits every grid index once in random order in O(1) memory, so a
 * random search over a billion-point grid never repeats and never materialises the grid.
 */
export class FeistelPermutation {
  readonly size: number;
  private readonly halfBits: number;
  private readonly halfSize: number;
  private readonly mask: number;
  private readonly keys: Uint32Array;

  constructor(options: { size: number; random: RandomSource }) {
    const { size } = options;
    this.size = size;
    let bits = 2;
    while (Math.pow(2, bits) < size) bits += 2;
    this.halfBits = bits / 2;
    this.halfSize = Math.pow(2, this.halfBits);
    this.mask = this.halfBits >= 32 ? 0xffffffff : this.halfSize - 1;
    this.keys = new Uint32Array(4);
    for (let r = 0; r < 4; r++) this.keys[r] = options.random.nextUint32();
  }

  /** The image of `position` (0 <= position < size). */
  at(position: number): number {
    let x = position;
    do x = this.encrypt(x);
    while (x >= this.size);
    return x;
  }

  private encrypt(x: number): number {
    let left = Math.floor(x / this.halfSize);
    let right = x % this.halfSize;
    for (let r = 0; r < 4; r++) {
      const next = (left ^ round(right, this.keys[r] as number)) & this.mask;
      left = right;
      right = next >>> 0;
    }
    return left * this.halfSize + right;
  }
}

function round(value: number, key: number): number {
  let h = Math.imul(value ^ key, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
