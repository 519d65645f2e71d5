import { createSeededRandom } from '../random/createSeededRandom.js';
import type { ParameterSpace } from '../space/ParameterSpace.js';
import { GridStrategy } from './GridStrategy.js';
import { RandomStrategy } from './RandomStrategy.js';
import type { SearchStrategy, StrategyName } from './SearchStrategy.js';
import { TpeStrategy } from './TpeStrategy.js';

export type CreateStrategyOptions = {
  readonly name: StrategyName;
  readonly space: ParameterSpace;
  /** Seed of random and tpe (a 32-bit integer); grid ignores it. */
  readonly seed: number;
};

/** The strategy `name` over `space`, seeded (grid is deterministic by construction). */
export function createStrategy(options: CreateStrategyOptions): SearchStrategy {
  const { name, space, seed } = options;
  switch (name) {
    case 'grid':
      return new GridStrategy(space);
    case 'random':
      return new RandomStrategy({ space, random: createSeededRandom(seed) });
    case 'tpe':
      return new TpeStrategy({ space, random: createSeededRandom(seed) });
  }
}
