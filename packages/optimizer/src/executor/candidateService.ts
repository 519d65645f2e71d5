import { BacktestEngine, createBuiltinRegistry, loadFactorModule } from '@wf/engine';
import { CandidateEvaluator } from './CandidateEvaluator.js';
import type { CandidateWorkerData, WorkerReply } from './CandidateWorkerData.js';
import type { EvaluationTask } from './EvaluationTask.js';
import { marketContextFromShared } from './sharedMarketContext.js';

/** Progress replies between outcomes at most this often. */
const PROGRESS_EVERY_MS = 1000;

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
  // Between outcomes, a `progress` reply at most every PROGRESS_EVERY_MS while engine stages end:
  // the pool tells a slow candidate (still reporting) from a stuck one.
  let post: ((reply: WorkerReply) => void) | null = null;
  let lastProgressMs = performance.now();
  const onStage = (): void => {
    const now = performance.now();
    if (post === null || now - lastProgressMs < PROGRESS_EVERY_MS) return;
    lastProgressMs = now;
    post({ type: 'progress' });
  };
  const engine = new BacktestEngine({ context, factor, portfolio: data.portfolio, maxMemoizedSignals: data.maxMemoizedSignals, onStage });
  const evaluator = new CandidateEvaluator({ context, engine, segment: data.segment, memoize: data.memoize });
  return {
    run(tasks, reply) {
      post = reply;
      for (const task of tasks) reply({ type: 'outcome', outcome: evaluator.evaluate(task), stats: engine.stats() });
      post = null;
    },
  };
}
