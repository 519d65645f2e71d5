import type { ShardJob } from '@wf/gates';
import type { ShardFiles } from './shardFiles.js';

/** The default BullMQ queue name of shard jobs and sweep chunks (`--queue`). */
export const DEFAULT_QUEUE_NAME = 'wf-shards';

/**
 * Events kept in the queue's event stream (BullMQ's default is 10,000). A `completed` event
 * carries the job's result (an S&P nightly shard's files: about 0.65 MB), so the stream, not
 * the jobs, is what holds Redis memory after a run; 1,000 events bound it while leaving the
 * launchers (which read the stream as it grows) far from missing one.
 */
export const EVENTS_MAX_LEN = 1000;

/**
 * The data of one shard job on the queue: the orchestrator's ShardJob (its folders are the
 * orchestrator's: the worker reads the config and prices at the same paths, unless it was
 * given its own prices folder, and writes into a private folder of its own) plus what the
 * plan was computed from. The orchestrator's run lock is not passed: a worker on another
 * machine cannot read it; the launcher cancels the job instead.
 */
export type ShardQueueJobData = {
  readonly shard: ShardJob;
  /** The orchestrator's data fingerprint (plan.data.fingerprint). */
  readonly dataFingerprint: string;
  /** The sha256 of the orchestrator's code identity. */
  readonly codeSha256: string;
  /** The Redis key the launcher sets to stop the job (a timeout or an abort of the run). */
  readonly cancelKey: string;
  /** The Redis key under which the worker leaves the shard's flushed rows when the job fails (ShardQueueResult JSON, kept a day). */
  readonly partialKey: string;
  /** The shard folder's files (without run.log) a retry or a resumed run continues from; null: start afresh. */
  readonly resumeFiles: ShardFiles | null;
};

/** A shard job's result: the shard's files (protocol files, run.json, run.log) as text, and who computed them. */
export type ShardQueueResult = ShardFiles & { readonly worker: string };

/** What a worker reports as job progress: the shard's events as log records, plus `job taken` when it starts. */
export type ShardProgressRecord = { readonly msg: string; readonly [field: string]: unknown };
