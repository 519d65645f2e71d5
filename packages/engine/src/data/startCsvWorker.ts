import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The engine's data worker (parseCsvWorker.js), compiled beside this module: in dist/, and
 * in a CLI bundle's folder (tools/bundle-clis.mjs bundles it there). Absent when the
 * sources run untranspiled (vitest on src/): callers then do the work on their own thread.
 */
const WORKER_URL = new URL('./parseCsvWorker.js', import.meta.url);

/** Whether the compiled data worker is there to start. */
export function csvWorkerAvailable(): boolean {
  return existsSync(WORKER_URL);
}

/** A started data worker and its one answer. */
export type StartedCsvWorker<Result> = {
  /** Null when the worker could not be created. */
  readonly worker: Worker | null;
  /** The worker's answer, or null when it broke (or was stopped) without answering. */
  readonly result: Promise<Result | null>;
  /**
   * Settles once the thread is gone (its memory with it: a thread that has answered may still
   * hold the shared buffers it was given while it shuts down). See stopCsvWorkers.
   */
  readonly exited: Promise<void>;
};

/** Starts the data worker on one request (its buffers in `transfer` moved, not copied). */
export function startCsvWorker<Result>(request: unknown, transfer: readonly ArrayBuffer[] = []): StartedCsvWorker<Result> {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: request, transferList: [...transfer] });
  } catch {
    return { worker: null, result: Promise.resolve(null), exited: Promise.resolve() };
  }
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const result = new Promise<Result | null>((resolve) => {
    worker.once('message', (message: Result) => resolve(message));
    worker.once('error', () => resolve(null));
    void exited.then(() => resolve(null));
  });
  return { worker, result, exited };
}

/**
 * Stops the workers still running (after a failure: their answers are not needed) and waits
 * until every thread is gone, so that none outlives the call nor keeps its buffers: a large
 * book's rows are gigabytes that the caller's garbage collections must be able to free.
 */
export async function stopCsvWorkers(workers: readonly StartedCsvWorker<unknown>[]): Promise<void> {
  for (const { worker } of workers) void worker?.terminate();
  await Promise.allSettled(workers.map(({ exited }) => exited));
}

/** Start index of each of `threads` contiguous runs of items holding about equal bytes, plus items.length. */
export function chunkBounds(byteLengths: readonly number[], threads: number): number[] {
  let totalBytes = 0;
  for (const length of byteLengths) totalBytes += length;
  const bounds = [0];
  let seen = 0;
  for (let k = 0; k < byteLengths.length && bounds.length < threads; k++) {
    seen += byteLengths[k]!;
    if (seen >= (totalBytes * bounds.length) / threads) bounds.push(k + 1);
  }
  while (bounds.length < threads) bounds.push(byteLengths.length);
  bounds.push(byteLengths.length);
  return bounds;
}
