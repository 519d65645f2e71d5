import type { PortfolioConfig } from '@wf/engine';
import type { Candidate } from '../selection/Candidate.js';

/**
 * One point of a parameter space, ready to evaluate: the factor's complete params plus,
 * when the space sweeps portfolio settings, the full portfolio config to simulate with.
 */
export type SweepCandidate = Candidate & {
  /** Grid index in its ParameterSpace (mixed radix, last dimension fastest). */
  readonly index: number;
  /** The portfolio settings to simulate with; null = the run's portfolio config. */
  readonly portfolio: PortfolioConfig | null;
  /** Canonical text of the swept portfolio settings (`cost_bps=5;holding_days=2`), '' when none. */
  readonly portfolioText: string;
  /** Structural hash of params and swept portfolio settings (16 hex digits): identity for dedup and resume. */
  readonly signature: string;
};
