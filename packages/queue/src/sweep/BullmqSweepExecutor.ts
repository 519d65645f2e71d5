import { createHash, randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { computeCodeIdentity } from '@wf/engine';
import type { EngineStats } from '@wf/engine';
import { groupTasks } from '@wf/optimizer';
import type { CandidateExecutor, CreateSweepExecutor, EvaluationOutcome, EvaluationTask, ExecutorStats, SweepEvaluationSpec } from '@wf/optimizer';
import { QueueJobFailedError } from '../errors.js';
import { redisConnection } from '../redisConnection.js';
import { DEFAULT_QUEUE_NAME, EVENTS_MAX_LEN } from '../ShardQueueJob.js';
import { decodePayload, encodePayload, SWEEP_CHUNK_JOB } from './SweepChunkJob.js';
import type { SweepChunkJobData, SweepChunkResult } from './SweepChunkJob.js';

export type BullmqSweepExecutorOptions = {
  readonly redisUrl: string;
  /** The queue's name (default `wf-shards`, shared with shard jobs); workers must take the same. */
  readonly queueName?: string;
  readonly spec: SweepEvaluationSpec;
  /** Chunks per worker per round (default 4): smaller chunks shorten a round's tail, larger ones cost fewer jobs. */
  readonly chunksPerWorker?: number;
  /** How often jobs not yet heard of are looked up directly (default 5000 ms), in case an event was missed. */
  readonly pollMs?: number;
  /** Events for the caller's log (`no workers`, `chunk stalled`). */
  readonly onEvent?: (event: { readonly type: string; readonly [field: string]: unknown }) => void;
};

type Waiter = { readonly resolve: (result: SweepChunkResult) => void; readonly reject: (error: Error) => void };

const NO_STATS = { computed: 0, tablesComputed: 0, memoHits: 0, cacheHits: 0, segments: 0 } as EngineStats;

/**
 * A CandidateExecutor (@wf/optimizer) whose candidates are evaluated by `wf-worker` processes
 * through a BullMQ queue: each batch is cut into chunks sharing score matrices (groupTasks, as
 * the worker pool cuts them), about `chunksPerWorker` per connected worker; each chunk is one
 * job carrying the sweep's spec, its data fingerprint and code identity (a worker whose own
 * differ refuses it) and its tasks. A chunk's outcomes come back as its job's result and are
 * handed on as soon as it completes, so the sweep writes results.ndjson in candidate order as
 * the prefix completes, exactly as with local threads. Per-candidate timeouts run on the worker
 * (its thread pool's watchdog). A worker killed mid-chunk loses the job to another (BullMQ's
 * stalled-job check); a refused or failed chunk fails the sweep with the reason.
 */
export class BullmqSweepExecutor implements CandidateExecutor {
  private readonly options: BullmqSweepExecutorOptions;
  private readonly connection: Redis;
  private readonly eventsConnection: Redis;
  private readonly queue: Queue<SweepChunkJobData, SweepChunkResult>;
  private readonly events: QueueEvents;
  private readonly waiters = new Map<string, Waiter>();
  private readonly sweepKey: string;
  private readonly codeSha256: string;
  private readonly runId = randomUUID().slice(0, 8);
  private engine: EngineStats = NO_STATS;
  private poll: NodeJS.Timeout | null = null;
  private warnedNoWorkers = false;

  private constructor(options: BullmqSweepExecutorOptions, codeSha256: string) {
    this.options = options;
    this.codeSha256 = codeSha256;
    this.sweepKey = createHash('sha256').update(JSON.stringify({ spec: options.spec, codeSha256 })).digest('hex');
    const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.connection = redisConnection(options.redisUrl);
    this.queue = new Queue<SweepChunkJobData, SweepChunkResult>(queueName, { connection: this.connection, streams: { events: { maxLen: EVENTS_MAX_LEN } } });
    this.eventsConnection = redisConnection(options.redisUrl);
    this.events = new QueueEvents(queueName, { connection: this.eventsConnection });
    this.events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      this.settle(jobId, typeof returnvalue === 'string' ? (JSON.parse(returnvalue) as SweepChunkResult) : (returnvalue as SweepChunkResult), null);
    });
    this.events.on('failed', ({ jobId, failedReason }: { jobId: string; failedReason: string }) => this.settle(jobId, null, failedReason));
    this.events.on('stalled', ({ jobId }: { jobId: string }) => {
      if (this.waiters.has(jobId)) options.onEvent?.({ type: 'chunk stalled', jobId });
    });
  }

  /** Computes this process's code identity for the spec's modules and connects to the queue. */
  static async create(options: BullmqSweepExecutorOptions): Promise<BullmqSweepExecutor> {
    if (options.spec.data === null) throw new Error('BullmqSweepExecutor needs the sweep\'s data source (runOptimization gives it)');
    const code = await computeCodeIdentity({ factorModules: options.spec.factorModules, baseDir: dirname(options.spec.data.configPath) });
    const executor = new BullmqSweepExecutor(options, code.sha256);
    await executor.events.waitUntilReady();
    executor.poll = setInterval(() => void executor.lookUpPending(), options.pollMs ?? 5000);
    executor.poll.unref();
    return executor;
  }

  async evaluate(tasks: readonly EvaluationTask[], onOutcome?: (outcome: EvaluationOutcome) => void): Promise<EvaluationOutcome[]> {
    if (tasks.length === 0) return [];
    const workers = await this.queue.getWorkersCount().catch(() => 1);
    if (workers === 0 && !this.warnedNoWorkers) {
      this.warnedNoWorkers = true;
      this.options.onEvent?.({ type: 'no workers', queue: this.queue.name });
    }
    const maxChunk = Math.max(1, Math.ceil(tasks.length / ((this.options.chunksPerWorker ?? 4) * Math.max(1, workers))));
    const chunks = groupTasks(tasks, maxChunk);
    const byOrdinal = new Map<number, EvaluationOutcome>();
    const { spec } = this.options;
    const jobs = chunks.map((chunk) => {
      const first = (chunk[0] as EvaluationTask).ordinal;
      const encoded = encodePayload({ spec, tasks: chunk });
      const data: SweepChunkJobData = {
        sweepKey: this.sweepKey,
        factorId: spec.factorId,
        firstOrdinal: first,
        candidates: chunk.length,
        dataFingerprint: spec.dataFingerprint,
        codeSha256: this.codeSha256,
        payload: encoded.payload,
        bytes: encoded.bytes,
      };
      return { chunk, jobId: `sweep-${this.sweepKey.slice(0, 12)}-${this.runId}-${first}`, data };
    });
    // Waiters first: a chunk may complete before addBulk returns.
    const results = jobs.map(({ jobId }) => new Promise<SweepChunkResult>((resolve, reject) => this.waiters.set(jobId, { resolve, reject })));
    await this.queue.addBulk(
      jobs.map(({ jobId, data }) => ({
        name: SWEEP_CHUNK_JOB,
        data,
        // Kept until read (then removed): a job finished before its event was heard is still found by lookUpPending.
        opts: { jobId, attempts: 1, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { count: 1000 } },
      })),
    );
    await Promise.all(
      jobs.map(async ({ chunk, jobId }, k) => {
        const result = await (results[k] as Promise<SweepChunkResult>);
        const outcomes = decodePayload<EvaluationOutcome[]>(result.payload, result.bytes);
        if (outcomes === null || outcomes.length !== chunk.length || outcomes.some((o, i) => o.ordinal !== chunk[i]?.ordinal)) {
          throw new QueueJobFailedError({ jobId, reason: `worker ${result.worker} returned outcomes that do not match the chunk's candidates: the result was damaged` });
        }
        this.engine = addStats(this.engine, result.engine);
        this.queue.remove(jobId).catch(() => undefined);
        for (const outcome of outcomes) {
          byOrdinal.set(outcome.ordinal, outcome);
          onOutcome?.(outcome);
        }
      }),
    );
    return tasks.map((task) => byOrdinal.get(task.ordinal) as EvaluationOutcome);
  }

  stats(): ExecutorStats {
    return { engine: this.engine, workersReplaced: 0 };
  }

  /** Removes this sweep's chunks no worker has taken yet, then closes the queue and its connections. */
  async close(): Promise<void> {
    if (this.poll !== null) clearInterval(this.poll);
    const pending = [...this.waiters.keys()];
    this.waiters.clear();
    await Promise.all(pending.map((jobId) => this.queue.remove(jobId).catch(() => undefined)));
    await this.events.close();
    await this.queue.close();
    this.eventsConnection.disconnect();
    this.connection.disconnect();
  }

  private settle(jobId: string, result: SweepChunkResult | null, failedReason: string | null): void {
    const waiter = this.waiters.get(jobId);
    if (waiter === undefined) return;
    this.waiters.delete(jobId);
    if (result !== null) waiter.resolve(result);
    else waiter.reject(new QueueJobFailedError({ jobId, reason: failedReason ?? 'unknown' }));
  }

  /** Looks up the jobs still awaited (a completion event missed by a reconnecting QueueEvents is not lost). */
  private async lookUpPending(): Promise<void> {
    for (const jobId of [...this.waiters.keys()]) {
      const job = await this.queue.getJob(jobId).catch(() => undefined);
      if (job === undefined || job === null) continue;
      if (job.finishedOn !== undefined && job.failedReason === undefined) this.settle(jobId, job.returnvalue, null);
      else if (job.finishedOn !== undefined) this.settle(jobId, null, job.failedReason);
    }
  }
}

/** The `createExecutor` of `runOptimization` for `wf-optimize --launcher bullmq`. */
export function bullmqSweepExecutorFactory(options: Omit<BullmqSweepExecutorOptions, 'spec'>): CreateSweepExecutor {
  return (spec) => BullmqSweepExecutor.create({ ...options, spec });
}

function addStats(a: EngineStats, b: EngineStats): EngineStats {
  const sum: Record<string, number> = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return sum as EngineStats;
}
