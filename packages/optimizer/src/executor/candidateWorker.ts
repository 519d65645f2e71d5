/**
 * Entry of a candidate worker thread (run compiled, from dist/). Builds its own registry,
 * engine and evaluator over the shared market arrays, then evaluates the chunks it is
 * sent, posting one outcome per candidate (the pool's watchdog times each one).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCandidateService } from './candidateService.js';
import type { CandidateWorkerData, WorkerReply, WorkerRunMessage } from './CandidateWorkerData.js';

const port = parentPort;
if (port === null) throw new Error('candidateWorker must run in a worker thread');

try {
  const service = await createCandidateService(workerData as CandidateWorkerData);
  port.on('message', (message: WorkerRunMessage) => {
    service.run(message.tasks, (reply) => {
      const transfer = reply.type === 'outcome' && reply.outcome.status === 'OK' && reply.outcome.returns !== null ? [reply.outcome.returns.buffer as ArrayBuffer] : [];
      port.postMessage(reply, transfer);
    });
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'init-error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
}
