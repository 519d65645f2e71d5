import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WfError } from '@wf/engine';
import { StageClock } from '@wf/engine';
import type { CacheRecovery, StageTimes, UnitTexts } from '@wf/engine';
import type { WalkForwardWindow } from '../../windows/planWindows.js';
import { walkForwardWorkerUrl } from './walkForwardWorkerUrl.js';
import type { FactorTask, WorkerError, WorkerReply, WorkerSetup } from './WorkerMessages.js';

/** A factor's windows to compute, with the relative cost the pool schedules by (largest first). */
export type PoolTask = {
  readonly factorId: string;
  readonly windows: readonly WalkForwardWindow[];
  readonly firstDay: number;
  readonly cost: number;
};

export type FactorWorkerPoolOptions = {
  readonly workers: number;
  readonly setup: WorkerSetup;
  readonly tasks: readonly PoolTask[];
  readonly onCacheRecovery?: (recovery: CacheRecovery) => void;
  /** A worker finished an engine stage or a unit: the pool is making progress (heartbeats between units). */
  readonly onProgress?: () => void;
  /** The worker script (default walkForwardWorkerUrl()). */
  readonly workerUrl?: URL;
};

type Deferred = { promise: Promise<UnitTexts>; resolve: (texts: UnitTexts) => void; reject: (error: Error) => void; settled: boolean };

/**
 * The walk-forward runner's worker pool (`--workers N`): worker threads that share the run's
 * panel and market state (SharedMarket) and compute whole factors, largest first, each on one
 * engine across its windows. The run's thread asks for units in file order (`unit`) and writes
 * them itself, so the files are the same bytes for any number of workers. A failure in a
 * worker rejects the units of its factor not yet delivered (a WfError keeps its code and
 * message); a worker that dies fails every undelivered unit.
 */
export class FactorWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly tasks: readonly PoolTask[];
  private readonly queue: number[];
  private readonly results = new Map<string, Deferred>();
  private readonly delivered = new Set<string>();
  private readonly computedByTask = new Map<number, number>();
  private readonly hitsByWorker = new Map<Worker, number>();
  private readonly stagesByWorker = new Map<Worker, StageTimes>();
  private readonly onProgress: (() => void) | null;
  private failure: Error | null = null;
  private closed = false;

  constructor(options: FactorWorkerPoolOptions) {
    this.tasks = options.tasks;
    this.onProgress = options.onProgress ?? null;
    // Largest first (ties in factor order): the longest factor starts at once.
    this.queue = options.tasks.map((_, i) => i).sort((a, b) => (options.tasks[b] as PoolTask).cost - (options.tasks[a] as PoolTask).cost || a - b);
    const url = options.workerUrl ?? walkForwardWorkerUrl();
    if (!existsSync(url)) {
      throw new WfError('WORKER_SCRIPT_MISSING', `walk-forward worker script ${fileURLToPath(url)} is missing: build the project (npx tsc -b) or run with --workers 1`);
    }
    const n = Math.max(1, Math.min(options.workers, options.tasks.length));
    for (let w = 0; w < n; w++) {
      const worker = new Worker(url, { workerData: options.setup });
      this.workers.push(worker);
      worker.on('message', (reply: WorkerReply) => this.onReply(worker, reply, options.onCacheRecovery));
      worker.on('error', (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`a walk-forward worker thread exited (code ${code}) before its factors were done`));
      });
    }
    // Each worker's first task is posted at once: it waits in the worker's port until the worker
    // listens, so the workers start computing while this thread is still busy (building the
    // universe and returns ranking), not when its event loop next reads their 'ready'.
    for (const worker of this.workers) this.dispatch(worker);
  }

  /** The texts of one unit of a task (index into the constructor's `tasks`), when computed. */
  async unit(task: number, window: number): Promise<UnitTexts> {
    const key = `${task}/${window}`;
    const texts = await this.deferred(key).promise;
    // Asked for once, in file order: the texts are not kept past their write.
    this.results.delete(key);
    return texts;
  }

  /** Signals computed by factor kernels and read from the signal cache so far, over every worker. */
  stats(): { signalsComputed: number; cacheHits: number } {
    let signalsComputed = 0;
    for (const n of this.computedByTask.values()) signalsComputed += n;
    let cacheHits = 0;
    for (const n of this.hitsByWorker.values()) cacheHits += n;
    return { signalsComputed, cacheHits };
  }

  /** The workers' stage times so far, summed (thread milliseconds). */
  stageTimes(): StageTimes {
    const clock = new StageClock();
    for (const times of this.stagesByWorker.values()) clock.addAll(times);
    return clock.snapshot();
  }

  /** Worker threads started. */
  size(): number {
    return this.workers.length;
  }

  /** Stops every worker (at once: units not yet delivered are not needed any more). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private onReply(worker: Worker, reply: WorkerReply, onCacheRecovery: FactorWorkerPoolOptions['onCacheRecovery']): void {
    switch (reply.type) {
      case 'ready':
        // Its first task was posted with its start (constructor).
        return;
      case 'task done':
        this.dispatch(worker);
        return;
      case 'unit': {
        const key = `${reply.task}/${reply.window}`;
        this.computedByTask.set(reply.task, reply.signalsComputed);
        this.hitsByWorker.set(worker, reply.cacheHits);
        this.stagesByWorker.set(worker, reply.stages);
        this.delivered.add(key);
        const d = this.deferred(key);
        d.settled = true;
        d.resolve(reply.texts);
        this.onProgress?.();
        return;
      }
      case 'progress':
        this.stagesByWorker.set(worker, reply.stages);
        this.onProgress?.();
        return;
      case 'cache entry corrupt':
        onCacheRecovery?.(reply.recovery);
        return;
      case 'error': {
        const error = fromWorkerError(reply.error);
        if (reply.task === null) {
          this.fail(error);
          return;
        }
        this.rejectTask(reply.task, error);
        this.dispatch(worker);
        return;
      }
    }
  }

  private dispatch(worker: Worker): void {
    if (this.closed || this.failure !== null) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    const task = this.tasks[next] as PoolTask;
    const message: FactorTask = { type: 'task', task: next, factorId: task.factorId, windows: task.windows, firstDay: task.firstDay };
    worker.postMessage(message);
  }

  private rejectTask(task: number, error: Error): void {
    for (const win of (this.tasks[task] as PoolTask).windows) {
      const key = `${task}/${win.index}`;
      if (this.delivered.has(key)) continue;
      const d = this.deferred(key);
      if (!d.settled) {
        d.settled = true;
        d.reject(error);
      }
    }
  }

  private fail(error: Error): void {
    if (this.closed || this.failure !== null) return;
    this.failure = error;
    for (let t = 0; t < this.tasks.length; t++) this.rejectTask(t, error);
  }

  private deferred(key: string): Deferred {
    let d = this.results.get(key);
    if (d === undefined) {
      let resolve!: (texts: UnitTexts) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<UnitTexts>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Units the run never asks for (it stopped at an earlier failure) must not count as unhandled.
      promise.catch(() => undefined);
      d = { promise, resolve, reject, settled: false };
      this.results.set(key, d);
    }
    return d;
  }
}

/** The worker's failure as an error of this thread: a WfError keeps its code (exit 2, one line), anything else its stack. */
function fromWorkerError(error: WorkerError): Error {
  const rebuilt = error.code === null ? new Error(error.message) : new WfError(error.code, error.message);
  rebuilt.name = error.name;
  if (error.stack !== null) rebuilt.stack = error.stack;
  return rebuilt;
}
