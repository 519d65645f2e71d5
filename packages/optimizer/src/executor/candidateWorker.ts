/**
 * Entry of a candidate worker thread (run compiled, from dist/, or bundled beside the CLIs as
 * candidate-worker.bundle.cjs). Builds its own registry, engine and evaluator over the shared
 * market arrays, then evaluates the chunks it is sent, posting one outcome per candidate (the
 * pool's watchdog times each one). No top-level await: the bundle is CommonJS.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCandidateService } from './candidateService.js';
import type { CandidateWorkerData, WorkerReply, WorkerRunMessage } from './CandidateWorkerData.js';

const port = parentPort;
if (port === null) throw new Error('candidateWorker must run in a worker thread');

createCandidateService(workerData as CandidateWorkerData).then(
  (service) => {
    port.on('message', (message: WorkerRunMessage) => {
      service.run(message.tasks, (reply) => {
        const transfer = reply.type === 'outcome' && reply.outcome.status === 'OK' && reply.outcome.returns !== null ? [reply.outcome.returns.buffer as ArrayBuffer] : [];
        port.postMessage(reply, transfer);
      });
    });
    port.postMessage({ type: 'ready' } satisfies WorkerReply);
  },
  (error: unknown) => {
    port.postMessage({ type: 'init-error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  },
);
