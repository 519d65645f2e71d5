import type { EngineStats, PortfolioConfig, Segment } from '@wf/engine';
import type { EvaluationOutcome, EvaluationTask } from './EvaluationTask.js';
import type { SharedMarketContext } from './sharedMarketContext.js';

/** How candidates of one sweep are evaluated, wherever: the factor, its default portfolio and segment, the evaluator's memo settings. */
export type CandidateEvaluationSettings = {
  readonly factorId: string;
  /** User factor modules to register before looking the factor up (absolute paths, config order). */
  readonly factorModules: readonly string[];
  /** Portfolio of tasks whose own is null. */
  readonly portfolio: PortfolioConfig;
  readonly segment: Segment;
  readonly memoize: boolean;
  readonly maxMemoizedSignals: number;
};

/** What a candidate worker is started with (`workerData`); the market arrays are shared, not copied. */
export type CandidateWorkerData = CandidateEvaluationSettings & { readonly context: SharedMarketContext };

/** Main thread -> worker: evaluate these tasks in order. */
export type WorkerRunMessage = { readonly type: 'run'; readonly tasks: readonly EvaluationTask[] };

/** Worker -> main thread. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly message: string }
  | { readonly type: 'outcome'; readonly outcome: EvaluationOutcome; readonly stats: EngineStats }
  /** The running candidate finished an engine stage (at most about once a second): the worker is alive. */
  | { readonly type: 'progress' };
