import type { CodeIdentity, WalkForwardConfig } from '@wf/engine';
import type { ShardTelemetry } from '@wf/walk-forward';
import type { FreezeCheck } from '../freeze/freezeFiles.js';
import type { GateDataInfo } from '../plan/planGateRun.js';

/** The error a failed shard reported (its `shard failed` log record, also in its run.log): what a user's code threw, with the stack. */
export type ShardError = {
  /** The error's class name, e.g. `Error`, `TypeError`, `CsvRowError`. */
  readonly name: string;
  readonly message: string;
  /** The stack as the shard printed it (a TypeScript module's frames name its .ts lines); null when it had none. */
  readonly stack: string | null;
};

/** One attempt of a shard. Times are wall-clock ISO strings and milliseconds. */
export type ShardAttemptRecord = {
  attempt: number;
  /** Started with `--resume`. */
  resume: boolean;
  pid: number | null;
  /** The queue worker that ran the attempt (the last one that took it), when a queue launcher ran it. */
  worker?: string;
  startedAt: string;
  endedAt: string | null;
  elapsedMs: number | null;
  exitCode: number | null;
  exitSignal: string | null;
  timedOut: boolean;
  stopped: boolean;
  /** Stopped by the orchestrator after --stall-timeout without a heartbeat (then retried like a failure). */
  stalled?: boolean;
  ok: boolean | null;
  lastError: string;
  /** Where a finished attempt's time and memory went (its shard's telemetry.json). */
  telemetry?: ShardTelemetry;
  /** What the shard reported when it failed (present only then). */
  error?: ShardError;
};

export type ShardStatus = 'pending' | 'running' | 'done' | 'failed' | 'stopped';

export type ShardRecord = {
  index: number;
  /** Relative to the run folder: `shards/<i>`. */
  outDir: string;
  factorIds: readonly string[];
  cost: number;
  status: ShardStatus;
  /** Every attempt of every invocation (a resumed run appends). */
  attempts: ShardAttemptRecord[];
};

export type GateRunStatus = 'running' | 'passed' | 'gates_failed' | 'failed' | 'interrupted';

/** One `wf-gates` invocation on the folder (the first run, then each `--resume`). */
export type InvocationRecord = {
  resume: boolean;
  startedAt: string;
  endedAt: string | null;
  elapsedMs: number | null;
  status: GateRunStatus;
  /** Phase wall times in ms: plan (config, data fingerprint, shard plan), shards, merge, reports. */
  timings: { planMs: number | null; shardsMs: number | null; mergeMs: number | null; reportsMs: number | null };
  /** Units (factor, window) the window cache could not replay when the shards started; null without the cache (all computed). */
  unitsToCompute?: number | null;
  /** Where the shards ran: 'processes' (the launcher) or 'in-process' (every unit replayed from the window cache, inside wf-gates). */
  shardsRan?: 'processes' | 'in-process';
  error: { code: string; message: string } | null;
};

/** A file written by the run, relative to the run folder, with its size and sha256. */
export type OutputFileRecord = { path: string; bytes: number; sha256: string };

/**
 * `manifest.json` of a gate run (DESIGN.md, nightly steps 1 and 4): written before any shard
 * starts, rewritten (atomically) as attempts start and end, completed at the end with the
 * verdict and the sha256 of every output file. The audit trail: what data, config and
 * code produced which verdict. Times live here and in logs, never in report files.
 */
export type GateManifest = {
  manifestVersion: 1;
  status: GateRunStatus;
  protocolVersion: number;
  code: { package: string; version: string; gitCommit: string | null; node: string };
  /**
   * What computed the numbers: the engine's built code (sha256 of the bundles or compiled
   * packages and the runtime) and every user factor module with the sha256 of its file and
   * of each local file it imports. Part of every signal cache key; `--resume` refuses a change.
   */
  codeIdentity: CodeIdentity;
  config: { path: string; fileSha256: string; sha256: string; resolved: WalkForwardConfig };
  data: GateDataInfo;
  options: {
    shardCount: number;
    maxParallel: number;
    retries: number;
    shardTimeoutMs: number | null;
    useCache: boolean;
    cacheDir: string;
    refreshCache: boolean;
  };
  plan: { windows: number; unitsTotal: number; shards: { index: number; factorIds: readonly string[]; cost: number }[] };
  freeze: { checked: FreezeCheck | null; written: FreezeCheck | null };
  invocations: InvocationRecord[];
  shards: ShardRecord[];
  verdict: { pass: boolean; passed: string[]; failed: string[] } | null;
  outputs: OutputFileRecord[];
};

/** The manifest's file name in the run folder. */
export const MANIFEST_FILE = 'manifest.json';
