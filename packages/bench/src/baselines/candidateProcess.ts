/**
 * Entry of a candidate child process (`wf-bench sweep --executor processes`, the benchmark
 * baseline of the thread pool; run compiled, from dist/). The first IPC message carries the start data
 * with the market arrays copied into this process; then it serves chunks like a worker
 * thread. It exits when the parent disconnects.
 */
import { createCandidateService } from '@wf/optimizer';
import type { CandidateService, WorkerReply } from '@wf/optimizer';
import type { CandidateProcessMessage } from './startProcessChannel.js';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('candidateProcess must run as a forked child with an IPC channel');
const post = (reply: WorkerReply): void => {
  send(reply);
};

let service: CandidateService | null = null;
process.on('message', (message: CandidateProcessMessage) => {
  if (message.type === 'init') {
    createCandidateService(message.data).then(
      (created) => {
        service = created;
        post({ type: 'ready' });
      },
      (error: unknown) => post({ type: 'init-error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else {
    service?.run(message.tasks, post);
  }
});
process.on('disconnect', () => process.exit(0));
