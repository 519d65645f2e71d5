import type { EngineStats } from '@wf/engine';

/** Counters and stage times of a sweep so far; for heartbeats and benchmarks, never for results. */
export type SweepTelemetry = {
  /** Candidate slots done in this sweep (evaluated + pruned + resumed). */
  readonly candidates: number;
  /** Planned candidate slots (the budget, or the grid size); null when unknown. */
  readonly planned: number | null;
  readonly evaluated: number;
  /** Taken from the results store of an interrupted run. */
  readonly resumed: number;
  readonly pruned: number;
  /** Proposals whose signature was already seen (not evaluated again). */
  readonly duplicates: number;
  /** Grid points dropped for violating a constraint. */
  readonly rejected: number;
  readonly ok: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Candidates over the memory budget (MEMORY). */
  readonly overMemory: number;
  /** Milliseconds summed over candidates (and threads): score matrices, simulation, metrics; persistence on the main thread. */
  readonly stagesMs: { readonly scores: number; readonly portfolio: number; readonly metrics: number; readonly persistence: number };
  readonly engine: EngineStats;
  /** Share of score-matrix requests served from memory (memo hits / all requests); NaN before any. */
  readonly memoHitRatio: number;
  readonly workersReplaced: number;
  readonly elapsedMs: number;
  /** Evaluated candidates per second of wall time. */
  readonly candidatesPerSecond: number;
  readonly checkpoints: number;
};
