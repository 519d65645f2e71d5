import { BacktestEngine } from '@wf/engine';
import type { FactorDefinition, MarketContext, PortfolioConfig, Segment } from '@wf/engine';
import { CandidateEvaluator } from './CandidateEvaluator.js';
import type { CandidateExecutor, EvaluationOutcome, EvaluationTask, ExecutorStats } from './EvaluationTask.js';
import { groupTasks } from './groupTasks.js';

export type InProcessExecutorOptions = {
  readonly context: MarketContext;
  readonly factor: FactorDefinition;
  readonly portfolio: PortfolioConfig;
  readonly segment: Segment;
  readonly memoize: boolean;
  /** Score matrices kept by the engine's memo (default 16). */
  readonly maxMemoizedSignals?: number;
};

/**
 * Evaluates on the calling thread with one engine, grouping tasks that share a score
 * matrix. A candidate cannot be interrupted here (a hung factor blocks the thread), so
 * timeouts need the worker pool.
 */
export class InProcessExecutor implements CandidateExecutor {
  private readonly engine: BacktestEngine;
  private readonly evaluator: CandidateEvaluator;

  constructor(options: InProcessExecutorOptions) {
    this.engine = new BacktestEngine({
      context: options.context,
      factor: options.factor,
      portfolio: options.portfolio,
      maxMemoizedSignals: options.maxMemoizedSignals ?? 16,
    });
    this.evaluator = new CandidateEvaluator({ context: options.context, engine: this.engine, segment: options.segment, memoize: options.memoize });
  }

  evaluate(tasks: readonly EvaluationTask[], onOutcome?: (outcome: EvaluationOutcome) => void): Promise<EvaluationOutcome[]> {
    const byOrdinal = new Map<number, EvaluationOutcome>();
    for (const chunk of groupTasks(tasks, Number.POSITIVE_INFINITY)) {
      for (const task of chunk) {
        const outcome = this.evaluator.evaluate(task);
        byOrdinal.set(task.ordinal, outcome);
        onOutcome?.(outcome);
      }
    }
    return Promise.resolve(tasks.map((task) => byOrdinal.get(task.ordinal) as EvaluationOutcome));
  }

  /** Evaluates one task now, on this thread. */
  evaluateSync(task: EvaluationTask): EvaluationOutcome {
    return this.evaluator.evaluate(task);
  }

  stats(): ExecutorStats {
    return { engine: this.engine.stats(), workersReplaced: 0 };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
