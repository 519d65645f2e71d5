import { UnrecoverableError } from 'bullmq';
import { WfError } from '@wf/engine';

/**
 * A worker refuses a shard job: its data or code differ from the orchestrator's (it would
 * compute other numbers), or the job's output is larger than the result limit. An
 * UnrecoverableError, so BullMQ fails the job at once instead of retrying it; the launcher
 * reports `reason` as the attempt's error.
 */
export class ShardJobRefusedError extends UnrecoverableError {
  readonly code = 'QUEUE_JOB_REFUSED';
  readonly worker: string;
  readonly reason: string;

  constructor(facts: { worker: string; reason: string }) {
    super(`worker ${facts.worker} refused the job: ${facts.reason}`);
    this.name = 'ShardJobRefusedError';
    this.worker = facts.worker;
    this.reason = facts.reason;
  }
}

/** The queue's Redis does not answer (wrong URL, server down): refused before any job is queued or taken. */
export class RedisUnreachableError extends WfError {
  readonly redisUrl: string;
  readonly reason: string;

  constructor(facts: { redisUrl: string; reason: string; cause?: unknown }) {
    super('QUEUE_REDIS_UNREACHABLE', `cannot reach Redis at ${facts.redisUrl}: ${facts.reason}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.redisUrl = facts.redisUrl;
    this.reason = facts.reason;
  }
}

/** A sweep chunk failed on the queue (a worker refused it, or it failed or stalled twice): the sweep stops with the reason. */
export class QueueJobFailedError extends WfError {
  readonly jobId: string;
  readonly reason: string;

  constructor(facts: { jobId: string; reason: string }) {
    super('QUEUE_JOB_FAILED', `sweep chunk ${facts.jobId} failed on the queue: ${facts.reason}`);
    this.jobId = facts.jobId;
    this.reason = facts.reason;
  }
}
