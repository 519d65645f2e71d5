import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineStats, PortfolioConfig, Segment } from '@wf/engine';
import type { CandidateChannel } from './CandidateChannel.js';
import { startThreadChannel } from './CandidateChannel.js';
import type { CandidateWorkerData, WorkerReply } from './CandidateWorkerData.js';
import { candidateWorkerUrl } from './candidateWorkerUrl.js';
import type { CandidateExecutor, EvaluationOutcome, EvaluationTask, ExecutorStats } from './EvaluationTask.js';
import { ZERO_TIMINGS } from './EvaluationTask.js';
import { groupTasks } from './groupTasks.js';
import type { SharedMarketContext } from './sharedMarketContext.js';
import { WorkerStartError } from '../errors.js';

export type WorkerPoolExecutorOptions = {
  readonly context: SharedMarketContext;
  readonly factorId: string;
  readonly factorModules: readonly string[];
  readonly portfolio: PortfolioConfig;
  readonly segment: Segment;
  readonly memoize: boolean;
  readonly maxMemoizedSignals?: number;
  /** Number of worker threads (>= 1). */
  readonly workers: number;
  /** A candidate running longer than this is recorded as TIMEOUT and its worker replaced; null = no limit. */
  readonly timeoutMs: number | null;
  /**
   * Each worker's V8 heap limit in MB (`--candidate-memory-mb`): a candidate that allocates past
   * it stops its worker, is recorded as MEMORY and the worker is replaced; null = no limit.
   */
  readonly candidateMemoryMb?: number | null;
  /**
   * A busy worker that sends nothing (no outcome, no progress) for this long is stopped and
   * replaced, its candidate recorded as TIMEOUT (`stalled: ...`); null or absent = never.
   * Unlike timeoutMs it spares a slow candidate that keeps finishing engine stages.
   */
  readonly stallTimeoutMs?: number | null;
  /** The compiled worker script (default: candidateWorkerUrl()). */
  readonly workerUrl?: URL;
  /** Starts one worker on `workerUrl` (default: startThreadChannel, a worker thread over the shared arrays). */
  readonly startChannel?: (url: URL, data: CandidateWorkerData, heapLimitMb: number | null) => CandidateChannel;
};

type Slot = {
  worker: CandidateChannel;
  state: 'starting' | 'idle' | 'busy' | 'retired';
  chunk: readonly EvaluationTask[];
  position: number;
  startedAt: number;
  /** When the worker last sent anything (an outcome or progress). */
  lastSeenAt: number;
  stats: EngineStats;
};

type Batch = {
  readonly outcomes: Map<number, EvaluationOutcome>;
  readonly expected: number;
  readonly onOutcome: ((outcome: EvaluationOutcome) => void) | undefined;
  resolve: (outcomes: Map<number, EvaluationOutcome>) => void;
  reject: (error: unknown) => void;
};

/** Zero counters; fields the engine adds later are summed by name in addStats. */
const NO_STATS = { computed: 0, memoHits: 0, cacheHits: 0, segments: 0 } as EngineStats;

/**
 * A fixed pool of worker_threads, each owning its engine over the shared market arrays
 * (or whatever workers `startChannel` starts).
 * Tasks sharing a score matrix travel together in a chunk to one worker (so its memo
 * computes the matrix once); idle workers pull the next chunk. One watchdog timer serves
 * the whole pool: a candidate running past `timeoutMs` is recorded as TIMEOUT, its worker
 * is terminated and replaced, and the rest of its chunk is queued again. A crashed worker
 * is handled the same way with an ERROR outcome. Outcomes are returned in task order.
 */
export class WorkerPoolExecutor implements CandidateExecutor {
  private readonly options: WorkerPoolExecutorOptions;
  private readonly workerUrl: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: EvaluationTask[][] = [];
  private batch: Batch | null = null;
  private retiredStats: EngineStats = NO_STATS;
  private replaced = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(options: WorkerPoolExecutorOptions) {
    this.options = options;
    this.workerUrl = options.workerUrl ?? candidateWorkerUrl();
  }

  /** Starts `workers` threads and waits until each has built its engine. */
  static async create(options: WorkerPoolExecutorOptions): Promise<WorkerPoolExecutor> {
    const pool = new WorkerPoolExecutor(options);
    const script = fileURLToPath(pool.workerUrl);
    if (!existsSync(script)) {
      throw new WorkerStartError({ workerScript: script, reason: 'the compiled worker is missing (run `npx tsc -b packages/optimizer` first)' });
    }
    try {
      await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => pool.startSlot()));
    } catch (error) {
      await pool.close();
      throw error;
    }
    const limits = [options.timeoutMs, options.stallTimeoutMs ?? null].filter((ms): ms is number => ms !== null);
    if (limits.length > 0) {
      const tickMs = Math.max(5, Math.min(250, Math.floor(Math.min(...limits) / 4)));
      pool.watchdog = setInterval(() => pool.checkTimeouts(), tickMs);
      pool.watchdog.unref();
    }
    return pool;
  }

  evaluate(tasks: readonly EvaluationTask[], onOutcome?: (outcome: EvaluationOutcome) => void): Promise<EvaluationOutcome[]> {
    if (tasks.length === 0) return Promise.resolve([]);
    if (this.batch !== null) return Promise.reject(new Error('WorkerPoolExecutor.evaluate called while a batch is running'));
    // Small chunks (about 8 per worker per round) keep the round-end tail short; a group still travels whole when it fits.
    const maxChunk = Math.max(1, Math.ceil(tasks.length / (8 * this.slots.length)));
    this.queue.push(...groupTasks(tasks, maxChunk));
    return new Promise<Map<number, EvaluationOutcome>>((resolve, reject) => {
      this.batch = { outcomes: new Map(), expected: tasks.length, onOutcome, resolve, reject };
      this.dispatch();
    }).then((outcomes) => tasks.map((task) => outcomes.get(task.ordinal) as EvaluationOutcome));
  }

  stats(): ExecutorStats {
    let engine = this.retiredStats;
    for (const slot of this.slots) if (slot.state !== 'retired') engine = addStats(engine, slot.stats);
    return { engine, workersReplaced: this.replaced };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog !== null) clearInterval(this.watchdog);
    await Promise.all(this.slots.map((slot) => slot.worker.close()));
  }

  /** What each worker of a pool with `options` is started with. */
  static workerData(options: WorkerPoolExecutorOptions): CandidateWorkerData {
    return {
      context: options.context,
      factorId: options.factorId,
      factorModules: options.factorModules,
      portfolio: options.portfolio,
      segment: options.segment,
      memoize: options.memoize,
      maxMemoizedSignals: options.maxMemoizedSignals ?? 16,
    };
  }

  private startSlot(): Promise<void> {
    const heapLimitMb = this.options.candidateMemoryMb ?? null;
    const worker = (this.options.startChannel ?? startThreadChannel)(this.workerUrl, WorkerPoolExecutor.workerData(this.options), heapLimitMb);
    const slot: Slot = { worker, state: 'starting', chunk: [], position: 0, startedAt: 0, lastSeenAt: 0, stats: NO_STATS };
    this.slots.push(slot);
    const script = fileURLToPath(this.workerUrl);
    return new Promise<void>((resolve, reject) => {
      worker.onReply((reply: WorkerReply) => {
        if (reply.type === 'ready') {
          slot.state = 'idle';
          resolve();
          this.dispatch();
        } else if (reply.type === 'progress') {
          slot.lastSeenAt = performance.now();
        } else if (reply.type === 'init-error') {
          slot.state = 'retired';
          reject(new WorkerStartError({ workerScript: script, reason: reply.message }));
        } else {
          this.onOutcome(slot, reply.outcome, reply.stats);
        }
      });
      worker.onError((error) => {
        if (slot.state === 'starting') {
          slot.state = 'retired';
          reject(new WorkerStartError({ workerScript: script, reason: error.message, cause: error }));
          return;
        }
        if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          this.onFailure(slot, 'MEMORY', `over --candidate-memory-mb ${heapLimitMb ?? '?'} MB (V8 heap)`);
        } else {
          this.onFailure(slot, 'ERROR', `worker crashed: ${error.message}`);
        }
      });
      worker.onExit((code) => {
        if (slot.state === 'starting') {
          slot.state = 'retired';
          reject(new WorkerStartError({ workerScript: script, reason: `exited with code ${code} during setup` }));
        } else if (slot.state !== 'retired' && !this.closed) {
          this.onFailure(slot, 'ERROR', `worker exited with code ${code}`);
        }
      });
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.state !== 'idle') continue;
      const chunk = this.queue.shift() as EvaluationTask[];
      slot.state = 'busy';
      slot.chunk = chunk;
      slot.position = 0;
      slot.startedAt = performance.now();
      slot.lastSeenAt = slot.startedAt;
      slot.worker.send({ type: 'run', tasks: chunk });
    }
  }

  private onOutcome(slot: Slot, outcome: EvaluationOutcome, stats: EngineStats): void {
    if (slot.state !== 'busy') return;
    slot.stats = stats;
    slot.position += 1;
    slot.startedAt = performance.now();
    slot.lastSeenAt = slot.startedAt;
    if (slot.position >= slot.chunk.length) slot.state = 'idle';
    this.record(outcome);
    this.dispatch();
  }

  private record(outcome: EvaluationOutcome): void {
    const batch = this.batch;
    if (batch === null) return;
    batch.outcomes.set(outcome.ordinal, outcome);
    try {
      batch.onOutcome?.(outcome);
    } catch (error) {
      this.batch = null;
      batch.reject(error);
      return;
    }
    if (batch.outcomes.size === batch.expected) {
      this.batch = null;
      batch.resolve(batch.outcomes);
    }
  }

  /** Only timer of the pool: finds candidates over the time limit, and workers silent past the stall limit. */
  private checkTimeouts(): void {
    const limit = this.options.timeoutMs;
    const stall = this.options.stallTimeoutMs ?? null;
    const now = performance.now();
    for (const slot of [...this.slots]) {
      if (slot.state !== 'busy') continue;
      if (limit !== null && now - slot.startedAt > limit) {
        this.onFailure(slot, 'TIMEOUT', `exceeded ${limit} ms`);
      } else if (stall !== null && now - slot.lastSeenAt > stall) {
        this.onFailure(slot, 'TIMEOUT', `stalled: no progress for ${stall} ms`);
      }
    }
  }

  /** Records the running candidate as failed, requeues the rest of the chunk and replaces the worker. */
  private onFailure(slot: Slot, status: 'TIMEOUT' | 'MEMORY' | 'ERROR', error: string): void {
    if (slot.state === 'retired') return;
    const wasBusy = slot.state === 'busy';
    slot.state = 'retired';
    this.retiredStats = addStats(this.retiredStats, slot.stats);
    this.slots.splice(this.slots.indexOf(slot), 1);
    void slot.worker.terminate();
    if (this.closed) return;
    this.replaced += 1;
    if (wasBusy) {
      const task = slot.chunk[slot.position];
      const rest = slot.chunk.slice(slot.position + 1);
      if (rest.length > 0) this.queue.unshift(rest);
      if (task !== undefined) this.record({ ordinal: task.ordinal, status, error, timings: ZERO_TIMINGS });
    }
    this.startSlot().catch((cause: unknown) => {
      const batch = this.batch;
      this.batch = null;
      batch?.reject(cause);
    });
  }
}

function addStats(a: EngineStats, b: EngineStats): EngineStats {
  const sum: Record<string, number> = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return sum as EngineStats;
}
