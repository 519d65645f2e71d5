import { FeistelPermutation } from '../random/FeistelPermutation.js';
import type { RandomSource } from '../random/RandomSource.js';
import type { ParameterSpace } from '../space/ParameterSpace.js';
import type { SweepCandidate } from '../sweep/SweepCandidate.js';
import type { SearchStrategy } from './SearchStrategy.js';

/**
 * Uniform random search without repeats: grid indices in the order of a seeded
 * permutation of the whole grid (FeistelPermutation), constraint violators skipped.
 * Same seed, same sequence; the grid is never materialised.
 */
export class RandomStrategy implements SearchStrategy {
  readonly name = 'random' as const;
  private readonly space: ParameterSpace;
  private readonly permutation: FeistelPermutation;
  private cursor = 0;
  private dropped = 0;

  constructor(options: { space: ParameterSpace; random: RandomSource }) {
    this.space = options.space;
    this.permutation = new FeistelPermutation({ size: options.space.size, random: options.random });
  }

  propose(max: number): SweepCandidate[] {
    const out: SweepCandidate[] = [];
    while (out.length < max && this.cursor < this.space.size) {
      const candidate = this.space.decode(this.permutation.at(this.cursor));
      this.cursor += 1;
      if (candidate === null) this.dropped += 1;
      else out.push(candidate);
    }
    return out;
  }

  observe(): void {}

  rejected(): number {
    return this.dropped;
  }
}
