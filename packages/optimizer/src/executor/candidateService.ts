import { BacktestEngine, createBuiltinRegistry, loadFactorModule } from '@wf/engine';
import { CandidateEvaluator } from './CandidateEvaluator.js';
import type { CandidateWorkerData, WorkerReply } from './CandidateWorkerData.js';
import type { EvaluationTask } from './EvaluationTask.js';
import { marketContextFromShared } from './sharedMarketContext.js';

/** Evaluates chunks of tasks inside a candidate worker (thread or process), one reply per candidate. */
export type CandidateService = {
  run(tasks: readonly EvaluationTask[], post: (reply: WorkerReply) => void): void;
};

/**
 * Builds what a candidate worker needs from its start data: its own registry (user
 * modules included), engine and evaluator over the market arrays it was given. Shared by
 * the worker-thread entry and the child-process entry.
 */
export async function createCandidateService(data: CandidateWorkerData): Promise<CandidateService> {
  const registry = createBuiltinRegistry();
  for (const modulePath of data.factorModules) await loadFactorModule(registry, modulePath);
  const factor = registry.get(data.factorId);
  const context = marketContextFromShared(data.context);
  const engine = new BacktestEngine({ context, factor, portfolio: data.portfolio, maxMemoizedSignals: data.maxMemoizedSignals });
  const evaluator = new CandidateEvaluator({ context, engine, segment: data.segment, memoize: data.memoize });
  return {
    run(tasks, post) {
      for (const task of tasks) post({ type: 'outcome', outcome: evaluator.evaluate(task), stats: engine.stats() });
    },
  };
}
