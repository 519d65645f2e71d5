/**
 * Entry of a candidate worker thread (run compiled, from dist/). Builds its own registry,
 * engine and evaluator over the shared market arrays, then evaluates the chunks it is
 * sent, posting one outcome per candidate (the pool's watchdog times each one).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BacktestEngine, createBuiltinRegistry, loadFactorModule } from '@wf/engine';
import { CandidateEvaluator } from './CandidateEvaluator.js';
import type { CandidateWorkerData, WorkerReply, WorkerRunMessage } from './CandidateWorkerData.js';
import { marketContextFromShared } from './sharedMarketContext.js';

const port = parentPort;
if (port === null) throw new Error('candidateWorker must run in a worker thread');
const data = workerData as CandidateWorkerData;

try {
  const registry = createBuiltinRegistry();
  for (const modulePath of data.factorModules) await loadFactorModule(registry, modulePath);
  const factor = registry.get(data.factorId);
  const context = marketContextFromShared(data.context);
  const engine = new BacktestEngine({ context, factor, portfolio: data.portfolio, maxMemoizedSignals: data.maxMemoizedSignals });
  const evaluator = new CandidateEvaluator({ context, engine, segment: data.segment, memoize: data.memoize });
  port.on('message', (message: WorkerRunMessage) => {
    for (const task of message.tasks) {
      const outcome = evaluator.evaluate(task);
      const reply: WorkerReply = { type: 'outcome', outcome, stats: engine.stats() };
      const transfer = outcome.status === 'OK' && outcome.returns !== null ? [outcome.returns.buffer as ArrayBuffer] : [];
      port.postMessage(reply, transfer);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'init-error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
}
