import type { ShardError } from '../manifest/GateManifest.js';

/**
 * Progress of a gate run for logs and the progress view (never for report files). A CLI
 * logs it as `logger.info(fields, type)` (heartbeats at debug). Times in milliseconds.
 */
export type GateRunEvent =
  | {
      readonly type: 'run planned';
      readonly outDir: string;
      readonly factors: number;
      readonly windows: number;
      readonly shardCount: number;
      readonly shards: readonly (readonly string[])[];
      readonly unitsTotal: number;
      readonly dataFingerprint: string;
      readonly panelSource: 'csv' | 'cache' | 'appended';
      readonly resume: boolean;
      /** Units the window cache cannot replay (null: no cache in use, so all of them are computed). */
      readonly unitsToCompute: number | null;
      /** True when the shards run inside wf-gates (every unit replayed: no process to start). */
      readonly shardsInProcess: boolean;
    }
  | {
      /** The run folder's lock was left by a process that is gone (a killed run); this run took it over. */
      readonly type: 'stale lock taken over';
      readonly lockFile: string;
      readonly stalePid: number;
      readonly staleStartedAt: string;
      readonly reason: string;
    }
  | { readonly type: 'freeze written'; readonly path: string; readonly sha256: string }
  | { readonly type: 'freeze checked'; readonly path: string; readonly sha256: string }
  | { readonly type: 'shard started'; readonly shard: number; readonly attempt: number; readonly resume: boolean; readonly pid: number | null; readonly worker?: string }
  | {
      readonly type: 'shard heartbeat';
      readonly shard: number;
      readonly attempt: number;
      readonly factor: string;
      readonly window: number;
      readonly unitsDone: number;
      readonly unitsTotal: number;
    }
  | {
      readonly type: 'shard exited';
      readonly shard: number;
      readonly attempt: number;
      readonly ok: boolean;
      readonly exit: string;
      readonly lastError: string;
      /** The error the shard reported before it failed (its `shard failed` log record), with its stack; absent when it reported none. */
      readonly error?: ShardError;
      readonly elapsedMs: number;
      /** True when another attempt (with --resume) follows. */
      readonly willRetry: boolean;
    }
  | {
      /** No log line from the shard for three heartbeat intervals (warn); it is stopped and retried after stallTimeoutMs. */
      readonly type: 'shard stalled';
      readonly shard: number;
      readonly attempt: number;
      readonly silentMs: number;
      readonly stallTimeoutMs: number | null;
    }
  | { readonly type: 'progress'; readonly unitsDone: number; readonly unitsTotal: number; readonly shardsDone: number; readonly shardCount: number; readonly elapsedMs: number; readonly etaMs: number | null }
  | { readonly type: 'merged'; readonly files: readonly string[]; readonly elapsedMs: number }
  | { readonly type: 'reports written'; readonly files: readonly string[]; readonly elapsedMs: number }
  | {
      /** The cache folder pruned to `--cache-max-gb` after the run (pruneCache); bytes of all its files. */
      readonly type: 'cache pruned';
      readonly cacheDir: string;
      readonly maxBytes: number;
      readonly removedFiles: number;
      readonly removedBytes: number;
      readonly bytesBefore: number;
      readonly bytesAfter: number;
      /** Still over the limit: what is left cannot be evicted (stat indexes, fresh temp files, foreign files). */
      readonly overLimit: boolean;
      readonly elapsedMs: number;
    }
  | { readonly type: 'cache prune failed'; readonly cacheDir: string; readonly message: string; readonly elapsedMs: number }
  | {
      readonly type: 'compared with previous run';
      readonly previousDir: string;
      readonly verdictChanges: number;
      readonly windowsAdded: number;
      readonly windowsChanged: number;
    }
  | { readonly type: 'ledger appended'; readonly path: string; readonly rows: number; readonly runDate: string }
  | { readonly type: 'run done'; readonly pass: boolean; readonly passed: number; readonly failed: number; readonly elapsedMs: number }
  /** More shards were requested than there are factors: one shard per factor instead (info). */
  | { readonly type: 'shards clamped'; readonly requested: number; readonly shardCount: number; readonly factors: number }
  /** Threads per shard chosen for the cores and the memory, with the run's estimated peak memory (info). */
  | { readonly type: 'shards sized'; readonly shards: number; readonly concurrentShards: number; readonly workers: number; readonly estimatedPeakBytes: number }
  /** The manifest could not record a failed run (warn); the run's own error is thrown. */
  | { readonly type: 'manifest not saved'; readonly path: string; readonly reason: string };
