import { createHash, randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ShardAttemptControls, ShardAttemptOutcome, ShardJob, ShardLauncher } from '@wf/gates';
import { redisConnection } from '../redisConnection.js';
import { DEFAULT_QUEUE_NAME, EVENTS_MAX_LEN } from '../ShardQueueJob.js';
import { readShardFiles } from '../shardFiles.js';
import { writeShardResult } from './writeShardResult.js';
import type { ShardProgressRecord, ShardQueueJobData, ShardQueueResult } from '../ShardQueueJob.js';

/** How long a cancelled job's worker is given to stop and leave its flushed rows. */
const PARTIAL_WAIT_MS = 15_000;

/**
 * A shard's identity across a resume: the same run folder, shard, factors, data and code give
 * the same key, under which the launcher records the shard's last job (to pick it up or follow it).
 */
function shardKey(job: ShardJob, identity: { readonly dataFingerprint: string; readonly codeSha256: string }): string {
  const facts = { outDir: job.outDir, shardIndex: job.shardIndex, factorIds: job.factorIds, configPath: job.configPath, ...identity };
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 32);
}

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
  /** Shards run on the workers' machines: wf-gates does not size them by its own cores and memory. */
  readonly runsElsewhere = true;

  constructor(options: BullmqShardLauncherOptions) {
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.connection = redisConnection(options.redisUrl);
    this.queue = new Queue<ShardQueueJobData, ShardQueueResult>(this.queueName, { connection: this.connection, streams: { events: { maxLen: EVENTS_MAX_LEN } } });
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
    const identity = job.identity;
    const latestKey = `wf:shard-latest:${this.queueName}:${shardKey(job, identity)}`;
    // A resumed run (or a retry) first looks for this shard's last job: one that finished after
    // its orchestrator died is picked up, one still queued or running is followed.
    let jobId: string | null = null;
    let queued: Job<ShardQueueJobData, ShardQueueResult> | null = null;
    if (job.resume) {
      const previous = await this.connection.get(latestKey);
      const found = previous === null ? null : ((await this.queue.getJob(previous)) ?? null);
      const state = found === null ? 'unknown' : await found.getState();
      if (found !== null && state === 'completed' && found.returnvalue !== null && typeof found.returnvalue === 'object') {
        controls.onRecord({ msg: 'job picked up', jobId: found.id });
        return this.finish(job, controls, found.id ?? '', found.returnvalue, outcome);
      }
      if (found !== null && (state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
        jobId = found.id ?? null;
        queued = found;
        controls.onRecord({ msg: 'job followed', jobId });
      } else if (previous !== null) {
        await this.collectPartial(job.outDir, previous);
      }
    }
    jobId ??= `shard-${job.shardIndex}-${randomUUID()}`;
    const cancelKey = `wf:cancel:${this.queueName}:${jobId}`;
    const partialKey = `wf:partial:${this.queueName}:${jobId}`;
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
    let timer: NodeJS.Timeout | null = null;
    let onAbort: (() => void) | null = null;
    try {
      if (queued === null) {
        // The worker writes its own folder; the orchestrator's run lock is not readable there.
        const shard: ShardJob = { ...job, runLock: null };
        const resumeFiles = job.resume ? readShardFiles({ dir: job.outDir, withLog: false, maxBytes: Number.POSITIVE_INFINITY, worker: 'wf-gates' }) : null;
        // Recorded before the job exists: an orchestrator killed right after adding it still finds it.
        await this.connection.set(latestKey, jobId, 'EX', 7 * 24 * 3600);
        queued = await this.queue.add(
          'shard',
          { shard, dataFingerprint: identity.dataFingerprint, codeSha256: identity.codeSha256, cancelKey, partialKey, resumeFiles },
          // Kept after completion until this launcher has written its files (then removed): a job
          // that completes while no orchestrator listens is picked up by the resumed run.
          { jobId, attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { count: 1000 } },
        );
      }
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
        // The worker stops before its next unit and leaves the rows it flushed: wait a little for them.
        await Promise.race([finished, new Promise((r) => setTimeout(r, PARTIAL_WAIT_MS).unref())]);
        await this.collectPartial(job.outDir, jobId);
        return outcome(ended.kind === 'timeout' ? { timedOut: true } : { stopped: true });
      }
      if (ended.kind === 'failed') {
        await this.collectPartial(job.outDir, jobId);
        return outcome({ exitCode: 2, lastError: ended.reason.slice(0, 500) });
      }
      return await this.finish(job, controls, jobId, ended.result, outcome);
    } finally {
      if (timer !== null) clearTimeout(timer);
      if (onAbort !== null) controls.signal.removeEventListener('abort', onAbort);
      this.events.off('progress', onProgress);
      this.events.off('stalled', onStalled);
    }
  }

  /** Writes a finished job's files into the shard folder, then removes the job (its files leave Redis). */
  private async finish(job: ShardJob, controls: ShardAttemptControls, jobId: string, result: ShardQueueResult, outcome: (fields: Partial<ShardAttemptOutcome>) => ShardAttemptOutcome): Promise<ShardAttemptOutcome> {
    const problem = writeShardResult(job.outDir, result);
    if (problem !== null) return outcome({ exitCode: 2, lastError: problem });
    controls.onStart({ pid: null, worker: result.worker });
    await this.queue.remove(jobId).catch(() => undefined);
    return outcome({ ok: true, exitCode: 0 });
  }

  /** Writes the rows a failed job's worker left (its partial key) into the shard folder, for the next attempt to continue from. */
  private async collectPartial(outDir: string, jobId: string): Promise<void> {
    const key = `wf:partial:${this.queueName}:${jobId}`;
    const text = await this.connection.get(key);
    if (text === null) return;
    const partial = JSON.parse(text) as ShardQueueResult;
    // Damaged partial rows are dropped (the next attempt recomputes them), never written.
    if (writeShardResult(outDir, partial) === null) await this.connection.del(key);
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
