import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ShardAttemptControls, ShardAttemptOutcome, ShardJob, ShardLauncher } from '@wf/gates';
import { redisConnection } from '../redisConnection.js';
import { DEFAULT_QUEUE_NAME } from '../ShardQueueJob.js';
import { writeShardResult } from './writeShardResult.js';
import type { ShardProgressRecord, ShardQueueJobData, ShardQueueResult } from '../ShardQueueJob.js';

export type BullmqShardLauncherOptions = {
  readonly redisUrl: string;
  /** The queue's name (default `wf-shards`); workers must take the same. */
  readonly queueName?: string;
};

/**
 * Runs each shard attempt as one job on a BullMQ queue (Redis), taken by any `wf-worker`
 * that sees the same price data: the job carries the ShardJob and the run's data fingerprint
 * and code identity (a worker whose own differ refuses it, and that reason is the attempt's
 * error). The worker's progress records are the shard's heartbeats; its result is the shard's
 * files as text, checked against their declared byte counts and written into the job's
 * outDir (`shards/<i>/`), so workers need no shared output folder. A worker killed
 * mid-job loses its lock and BullMQ's stalled-job check hands the job to another worker
 * within the same attempt; the manifest records the last worker that took it. A timeout or
 * an abort cancels the job (a waiting job is removed; a running one is told through a Redis
 * key its worker polls) and ends the attempt as timed out or stopped; retries are wf-gates'
 * own (`--retries`), one job per attempt.
 */
export class BullmqShardLauncher implements ShardLauncher {
  private readonly connection: Redis;
  private readonly eventsConnection: Redis;
  private readonly queue: Queue<ShardQueueJobData, ShardQueueResult>;
  private readonly events: QueueEvents;
  private readonly queueName: string;

  constructor(options: BullmqShardLauncherOptions) {
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.connection = redisConnection(options.redisUrl);
    this.queue = new Queue<ShardQueueJobData, ShardQueueResult>(this.queueName, { connection: this.connection });
    // QueueEvents blocks on its connection (XREAD): one of its own. BullMQ does not close
    // connections it was given, so close() does.
    this.eventsConnection = redisConnection(options.redisUrl);
    this.events = new QueueEvents(this.queueName, { connection: this.eventsConnection });
  }

  async launch(job: ShardJob, controls: ShardAttemptControls): Promise<ShardAttemptOutcome> {
    const startedMs = performance.now();
    const outcome = (fields: Partial<ShardAttemptOutcome>): ShardAttemptOutcome => ({
      ok: false,
      exitCode: null,
      exitSignal: null,
      timedOut: false,
      stopped: false,
      lastError: '',
      ...fields,
      elapsedMs: Math.round(performance.now() - startedMs),
    });
    if (job.identity === null) return outcome({ exitCode: 2, lastError: 'a queued shard job needs the run identity (data fingerprint and code identity)' });
    await this.events.waitUntilReady();
    const jobId = `shard-${job.shardIndex}-${randomUUID()}`;
    const cancelKey = `wf:cancel:${this.queueName}:${jobId}`;
    const onProgress = (args: { jobId: string; data: unknown }): void => {
      if (args.jobId !== jobId || typeof args.data !== 'object' || args.data === null) return;
      const record = args.data as ShardProgressRecord;
      if (record.msg === 'job taken') controls.onStart({ pid: null, worker: String(record['worker']) });
      else controls.onRecord(record);
    };
    const onStalled = (args: { jobId: string }): void => {
      if (args.jobId === jobId) controls.onRecord({ msg: 'job stalled', jobId });
    };
    this.events.on('progress', onProgress);
    this.events.on('stalled', onStalled);
    let queued: Job<ShardQueueJobData, ShardQueueResult> | null = null;
    let timer: NodeJS.Timeout | null = null;
    let onAbort: (() => void) | null = null;
    try {
      // The worker writes its own folder; the orchestrator's run lock is not readable there.
      const shard: ShardJob = { ...job, runLock: null };
      queued = await this.queue.add(
        'shard',
        { shard, dataFingerprint: job.identity.dataFingerprint, codeSha256: job.identity.codeSha256, cancelKey },
        { jobId, attempts: 1, removeOnComplete: true, removeOnFail: { count: 1000 } },
      );
      const finished = queued.waitUntilFinished(this.events).then(
        (result: ShardQueueResult) => ({ kind: 'done' as const, result }),
        (error: unknown) => ({ kind: 'failed' as const, reason: error instanceof Error ? error.message : String(error) }),
      );
      const stop = new Promise<{ kind: 'timeout' } | { kind: 'abort' }>((resolvePromise) => {
        if (controls.timeoutMs !== null) timer = setTimeout(() => resolvePromise({ kind: 'timeout' }), controls.timeoutMs);
        onAbort = () => resolvePromise({ kind: 'abort' });
        if (controls.signal.aborted) onAbort();
        else controls.signal.addEventListener('abort', onAbort, { once: true });
      });
      const ended = await Promise.race([finished, stop]);
      if (ended.kind === 'timeout' || ended.kind === 'abort') {
        await this.cancel(queued, cancelKey, ended.kind === 'timeout' ? `timed out after ${(controls.timeoutMs ?? 0) / 1000} s` : 'the run was stopped');
        return outcome(ended.kind === 'timeout' ? { timedOut: true } : { stopped: true });
      }
      if (ended.kind === 'failed') return outcome({ exitCode: 2, lastError: ended.reason.slice(0, 500) });
      const problem = writeShardResult(job.outDir, ended.result);
      if (problem !== null) return outcome({ exitCode: 2, lastError: problem });
      controls.onStart({ pid: null, worker: ended.result.worker });
      return outcome({ ok: true, exitCode: 0 });
    } finally {
      if (timer !== null) clearTimeout(timer);
      if (onAbort !== null) controls.signal.removeEventListener('abort', onAbort);
      this.events.off('progress', onProgress);
      this.events.off('stalled', onStalled);
    }
  }

  /** A waiting job is removed; a running one (locked by its worker) is told to stop through its cancel key. */
  private async cancel(queued: Job<ShardQueueJobData, ShardQueueResult>, cancelKey: string, reason: string): Promise<void> {
    await this.connection.set(cancelKey, reason, 'EX', 24 * 3600);
    try {
      await queued.remove();
    } catch {
      // Active (its worker holds the lock): the worker sees the cancel key before its next unit.
    }
  }

  /** Closes the queue and its connections (the CLI calls it after the run). */
  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    this.eventsConnection.disconnect();
    this.connection.disconnect();
  }
}
