import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CandidateProcessMessage, CandidateWorkerData, WorkerReply, WorkerRunMessage } from './CandidateWorkerData.js';

/** A running candidate worker, thread or child process, as the pools drive it. */
export interface CandidateChannel {
  send(message: WorkerRunMessage): void;
  onReply(listener: (reply: WorkerReply) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Exit code, or null when killed by a signal. */
  onExit(listener: (code: number | null) => void): void;
  /** Stops it now (a candidate over its time limit, a crash). */
  terminate(): Promise<void>;
  /** Stops it at the end of a sweep (a process is let go and exits by itself). */
  close(): Promise<void>;
}

/** Starts a worker thread on `url` with `data` (market arrays shared, not copied). */
export function startThreadChannel(url: URL, data: CandidateWorkerData): CandidateChannel {
  const worker = new Worker(url, { workerData: data });
  const stop = async (): Promise<void> => {
    await worker.terminate();
  };
  return {
    send: (message) => worker.postMessage(message),
    onReply: (listener) => worker.on('message', listener),
    onError: (listener) => worker.on('error', listener),
    onExit: (listener) => worker.on('exit', listener),
    terminate: stop,
    close: stop,
  };
}

/**
 * Forks a child process on `url` and sends it `data` with every market array copied into
 * ordinary (unshared) memory: each process holds its own copy of the panel, as the old
 * process-based executor did.
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
