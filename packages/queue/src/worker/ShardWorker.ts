import { availableParallelism, hostname, tmpdir } from 'node:os';
import { Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisConnection } from '../redisConnection.js';
import { DEFAULT_QUEUE_NAME } from '../ShardQueueJob.js';
import type { ShardProgressRecord, ShardQueueJobData, ShardQueueResult } from '../ShardQueueJob.js';
import { runShardJob } from './runShardJob.js';
import { SWEEP_CHUNK_JOB } from '../sweep/SweepChunkJob.js';
import type { SweepChunkJobData, SweepChunkResult } from '../sweep/SweepChunkJob.js';
import { SweepChunkRunner } from './SweepChunkRunner.js';

export type ShardWorkerOptions = {
  readonly redisUrl: string;
  /** The queue's name (default `wf-shards`). */
  readonly queueName?: string;
  /** Jobs run at once (default 1): each shard already uses its own worker threads. */
  readonly concurrency?: number;
  /** Recorded in each job's result and in the orchestrator's manifest (default `<host>:<pid>`). */
  readonly name?: string;
  /** Parent of each job's private run folder (default the system temp folder). */
  readonly tempDir?: string;
  readonly cacheDir: string;
  /** This worker's prices folder; null: the jobs'. */
  readonly pricesDir?: string | null;
  /** Refuse a job whose files exceed this many bytes (default 256 MB). */
  readonly maxResultBytes?: number;
  /**
   * BullMQ's job lock: a worker that stops renewing it for this long (it died) loses the job,
   * which the stalled-job check (every `stalledIntervalMs`) hands to another worker.
   * Defaults 30000 and 30000 (BullMQ's).
   */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** How often a running job checks the launcher's cancel key (default 500 ms). */
  readonly cancelPollMs?: number;
  /** The worker's own events (job taken, done, failed), for its log. */
  readonly onEvent?: (event: { readonly type: string; readonly [field: string]: unknown }) => void;
};

/** A running shard worker; `close()` stops taking jobs and waits for the running ones to finish. */
export type ShardWorker = {
  readonly name: string;
  close(): Promise<void>;
};

/**
 * Starts a worker that takes shard jobs and sweep chunks from the queue. A sweep chunk
 * (`wf-optimize --launcher bullmq`) is evaluated by a SweepChunkRunner, its outcomes returned
 * as the job's result. A shard job is run with runShardJob: the
 * shard's events go to the job's progress (the launcher follows them as heartbeats), its
 * files come back as the job's return value. A job whose launcher set its cancel key (a
 * timeout or a stopped run) is aborted before its next unit.
 */
export async function startShardWorker(options: ShardWorkerOptions): Promise<ShardWorker> {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const emit = options.onEvent ?? (() => undefined);
  const connection = redisConnection(options.redisUrl);
  const commands: Redis = connection.duplicate();
  const maxResultBytes = options.maxResultBytes ?? 256 * 1024 * 1024;
  const sweeps = new SweepChunkRunner({ worker: name, cacheDir: options.cacheDir, pricesDir: options.pricesDir ?? null, maxResultBytes });
  const runSweepChunk = async (job: Job<SweepChunkJobData, SweepChunkResult>): Promise<SweepChunkResult> => {
    const { factorId, firstOrdinal, candidates } = job.data;
    emit({ type: 'chunk taken', jobId: job.id, factor: factorId, firstOrdinal, candidates });
    try {
      const result = await sweeps.run(job.data);
      emit({ type: 'chunk done', jobId: job.id, factor: factorId, candidates, bytes: result.bytes });
      return result;
    } catch (error) {
      emit({ type: 'job failed', jobId: job.id, factor: factorId, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
  const runShard = async (job: Job<ShardQueueJobData, ShardQueueResult>): Promise<ShardQueueResult> => {
    const { shard } = job.data;
    emit({ type: 'job taken', jobId: job.id, shard: shard.shardIndex, factors: shard.factorIds });
    const controller = new AbortController();
    const checkCancelled = async (): Promise<void> => {
      const reason = await commands.get(job.data.cancelKey);
      if (reason !== null && !controller.signal.aborted) controller.abort(reason);
    };
    // A job cancelled while it waited is not started; one cancelled while it ran returns nothing.
    await checkCancelled();
    const poll = setInterval(() => checkCancelled().catch(() => undefined), options.cancelPollMs ?? 500);
    const report = (record: ShardProgressRecord): void => {
      job.updateProgress(record).catch(() => undefined);
    };
    report({ msg: 'job taken', worker: name, pid: process.pid });
    try {
      const result = await runShardJob({
        data: job.data,
        worker: name,
        tempDir: options.tempDir ?? tmpdir(),
        cacheDir: options.cacheDir,
        pricesDir: options.pricesDir ?? null,
        maxResultBytes,
        defaultWorkers: Math.max(1, Math.floor(availableParallelism() / (options.concurrency ?? 1))),
        signal: controller.signal,
        onRecord: report,
        onPartial: async (partial) => {
          await commands.set(job.data.partialKey, JSON.stringify(partial), 'EX', 24 * 3600);
        },
      });
      await checkCancelled();
      if (controller.signal.aborted) throw new Error(`cancelled: ${String(controller.signal.reason)}`);
      emit({ type: 'job done', jobId: job.id, shard: shard.shardIndex, files: Object.keys(result.files).length, bytes: Object.values(result.bytes).reduce((a, b) => a + b, 0) });
      return result;
    } catch (error) {
      emit({ type: 'job failed', jobId: job.id, shard: shard.shardIndex, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      clearInterval(poll);
    }
  };
  // One queue carries both kinds of job; the job's name says which.
  const processor = (job: Job<ShardQueueJobData | SweepChunkJobData, ShardQueueResult | SweepChunkResult>): Promise<ShardQueueResult | SweepChunkResult> =>
    job.name === SWEEP_CHUNK_JOB ? runSweepChunk(job as Job<SweepChunkJobData, SweepChunkResult>) : runShard(job as Job<ShardQueueJobData, ShardQueueResult>);
  const worker = new Worker<ShardQueueJobData | SweepChunkJobData, ShardQueueResult | SweepChunkResult>(options.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection,
    concurrency: options.concurrency ?? 1,
    name,
    ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
    ...(options.stalledIntervalMs === undefined ? {} : { stalledInterval: options.stalledIntervalMs }),
  });
  worker.on('error', (error) => emit({ type: 'queue error', reason: error.message }));
  await worker.waitUntilReady();
  emit({ type: 'worker ready', worker: name, queue: options.queueName ?? DEFAULT_QUEUE_NAME, concurrency: options.concurrency ?? 1 });
  return {
    name,
    close: async () => {
      await worker.close();
      await sweeps.close();
      commands.disconnect();
      connection.disconnect();
    },
  };
}
