import { Worker } from 'node:worker_threads';
import type { CandidateWorkerData, WorkerReply, WorkerRunMessage } from './CandidateWorkerData.js';

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

/**
 * Starts a worker thread on `url` with `data` (market arrays shared, not copied); with
 * `heapLimitMb` its V8 heap is capped there (over it the thread stops with ERR_WORKER_OUT_OF_MEMORY).
 */
export function startThreadChannel(url: URL, data: CandidateWorkerData, heapLimitMb: number | null = null): CandidateChannel {
  const worker = new Worker(url, { workerData: data, ...(heapLimitMb === null ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }) });
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
