import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CandidateChannel, CandidateWorkerData, WorkerReply, WorkerRunMessage } from '@wf/optimizer';

/** Parent -> candidate child process: its start data first (arrays copied), then chunks. */
export type CandidateProcessMessage = { readonly type: 'init'; readonly data: CandidateWorkerData } | WorkerRunMessage;

/**
 * Forks a child process on `url` (candidateProcessUrl()) and sends it `data` with every
 * market array copied into ordinary (unshared) memory: each process holds its own copy of
 * the panel, as the old process-based executor did. A WorkerPoolExecutor `startChannel`.
 */
export function startProcessChannel(url: URL, data: CandidateWorkerData): CandidateChannel {
  const child = fork(fileURLToPath(url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const post = (message: CandidateProcessMessage): void => {
    if (child.connected) child.send(message);
  };
  post({ type: 'init', data: { ...data, context: unshare(data.context) } });
  return {
    send: post,
    onReply: (listener) => child.on('message', (reply) => listener(reply as WorkerReply)),
    onError: (listener) => child.on('error', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    terminate: async () => {
      if (!hasExited()) child.kill('SIGKILL');
      await exited;
    },
    close: async () => {
      if (hasExited()) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The same context with every typed array copied out of shared memory (shared buffers cannot cross processes). */
function unshare<T extends object>(context: T): T {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    copy[key] = ArrayBuffer.isView(value) ? (value as unknown as Float64Array).slice() : value;
  }
  return copy as T;
}
