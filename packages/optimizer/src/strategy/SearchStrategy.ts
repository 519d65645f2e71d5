import type { SweepCandidate } from '../sweep/SweepCandidate.js';

export const STRATEGY_NAMES = ['grid', 'random', 'tpe'] as const;
/** grid: PROTOCOL section 7 order; random: seeded, without repeats; tpe: adaptive (Tree-structured Parzen Estimator). */
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** A candidate's outcome as a strategy sees it: its objective (NaN = worst: undefined, failed or timed out). */
export type Observation = { readonly candidate: SweepCandidate; readonly objective: number };

/**
 * A search over a ParameterSpace. The sweep asks for batches and reports each batch's
 * objectives back in proposal order before asking again, so an adaptive strategy sees
 * the same history whatever the worker count: same seed, same candidates, same result.
 */
export interface SearchStrategy {
  readonly name: StrategyName;
  /** Up to `max` new constraint-satisfying candidates, in proposal order; [] when the strategy is exhausted. */
  propose(max: number): SweepCandidate[];
  /** The objectives of the last proposed batch, in proposal order. */
  observe(observations: readonly Observation[]): void;
  /** Grid points this strategy decoded and dropped because they violate a constraint. */
  rejected(): number;
}
