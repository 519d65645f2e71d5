import type { EngineStats, FactorParams, PortfolioConfig, SegmentMetrics } from '@wf/engine';

/** One candidate to evaluate on the sweep's segment. Plain data: it crosses thread boundaries. */
export type EvaluationTask = {
  /** Position of the candidate in the sweep (results are ordered by it). */
  readonly ordinal: number;
  readonly params: FactorParams;
  /** Canonical params text: the key of the score matrix (tasks sharing it share one computation). */
  readonly paramsText: string;
  /** Portfolio settings for this candidate; null = the executor's. */
  readonly portfolio: PortfolioConfig | null;
  /** Send the daily returns back (an artifact policy wants them). */
  readonly wantSeries: boolean;
};

/** Milliseconds spent per stage of one evaluation (telemetry only, never in results). */
export type StageTimings = { readonly scoresMs: number; readonly portfolioMs: number; readonly metricsMs: number };

/** What became of a task. TIMEOUT, MEMORY and ERROR are recorded like OK results, never dropped. */
export type EvaluationOutcome =
  | {
      readonly ordinal: number;
      readonly status: 'OK';
      readonly metrics: SegmentMetrics;
      /** mean/std of the daily returns (PROTOCOL section 8's per-day Sharpe). */
      readonly dailySharpe: number;
      /** Daily returns R of the segment when the task asked for them, else null. */
      readonly returns: Float64Array | null;
      readonly timings: StageTimings;
    }
  | { readonly ordinal: number; readonly status: 'ERROR'; readonly error: string; readonly timings: StageTimings }
  | { readonly ordinal: number; readonly status: 'TIMEOUT'; readonly error: string; readonly timings: StageTimings }
  /** Over the worker's memory budget (`--candidate-memory-mb`): the worker was stopped and replaced. */
  | { readonly ordinal: number; readonly status: 'MEMORY'; readonly error: string; readonly timings: StageTimings };

export const ZERO_TIMINGS: StageTimings = { scoresMs: 0, portfolioMs: 0, metricsMs: 0 };

/** Totals of an executor's work so far. */
export type ExecutorStats = {
  /** Engine counters summed over every engine (workers, including replaced ones). */
  readonly engine: EngineStats;
  /** Workers terminated and replaced (after a timeout, a memory budget or a crash). */
  readonly workersReplaced: number;
};

/**
 * Runs evaluation tasks with engines of one (market, factor, segment). Implementations:
 * InProcessExecutor and WorkerPoolExecutor. Outcomes come back in task order whatever
 * the parallelism, so results never depend on the worker count.
 */
export interface CandidateExecutor {
  /** Evaluates `tasks`; `onOutcome` hears each outcome as soon as it exists (in any order). */
  evaluate(tasks: readonly EvaluationTask[], onOutcome?: (outcome: EvaluationOutcome) => void): Promise<EvaluationOutcome[]>;
  stats(): ExecutorStats;
  close(): Promise<void>;
}
