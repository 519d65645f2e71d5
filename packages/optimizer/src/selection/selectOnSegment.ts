import { dailySharpe } from '@wf/engine';
import type { BacktestEngine, Objective, Segment } from '@wf/engine';
import type { Candidate } from './Candidate.js';
import { isBetterObjective, objectiveValue } from './objectiveValue.js';

export type SelectOnSegmentOptions = {
  readonly engine: BacktestEngine;
  readonly candidates: readonly Candidate[];
  /** The train segment. */
  readonly segment: Segment;
  readonly objective: Objective;
};

/** The outcome of in-sample selection on one train segment (PROTOCOL section 7). */
export type SegmentSelection = {
  readonly bestIndex: number;
  readonly best: Candidate;
  /** The winner's objective on the train segment; NaN when every candidate's is NaN. */
  readonly objective: number;
  /** Every candidate's objective, in candidate order. */
  readonly objectives: Float64Array;
  /** Every candidate's per-day Sharpe (mean/std of daily R) on the train segment: the DSR's V input. */
  readonly dailySharpes: Float64Array;
};

/**
 * Evaluates every candidate on the train segment with one engine and picks the best by
 * `objective`: NaN is worst, ties go to the earlier candidate, and when every objective is
 * NaN the first candidate wins with a NaN objective.
 */
export function selectOnSegment(options: SelectOnSegmentOptions): SegmentSelection {
  const { engine, candidates, segment, objective } = options;
  const objectives = new Float64Array(candidates.length);
  const dailySharpes = new Float64Array(candidates.length);
  let bestIndex = 0;
  let best = Number.NaN;
  for (let c = 0; c < candidates.length; c++) {
    const candidate = candidates[c] as Candidate;
    const evaluation = engine.evaluate({ params: candidate.params, segment });
    const value = objectiveValue(evaluation.metrics, objective);
    objectives[c] = value;
    dailySharpes[c] = dailySharpe(evaluation.series.returns);
    if (isBetterObjective(value, best)) {
      bestIndex = c;
      best = value;
    }
  }
  return { bestIndex, best: candidates[bestIndex] as Candidate, objective: best, objectives, dailySharpes };
}
