import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { TELEMETRY_FILE } from '@wf/walk-forward';
import type { ShardTelemetry } from '@wf/walk-forward';
import type { ShardAttemptOutcome, ShardJob, ShardLauncher } from '../launch/ShardLauncher.js';
import type { ShardAttemptRecord, ShardRecord } from '../manifest/GateManifest.js';
import type { GateRunEvent } from './GateRunEvent.js';
import { ProgressTracker } from './ProgressTracker.js';
import { shardErrorOf } from './shardErrorOf.js';

export type RunShardsOptions = {
  /** One job per shard; `resume` is the first attempt's (retries always resume). */
  readonly jobs: readonly ShardJob[];
  /** The manifest's shard records, same order as jobs; attempts are appended and statuses set. */
  readonly records: ShardRecord[];
  /** Units (factor x window) per shard, for progress. */
  readonly unitsPerShard: readonly number[];
  readonly launcher: ShardLauncher;
  readonly maxParallel: number;
  /** Extra attempts after a failure. */
  readonly retries: number;
  readonly timeoutMs: number | null;
  /**
   * The shards' heartbeat cadence (their `--heartbeat-seconds`): a shard that logs nothing for
   * three of these is reported stalled (`shard stalled`, once per silence).
   */
  readonly heartbeatMs: number;
  /** A shard silent this long is stopped and retried with --resume like a failed attempt (null: never). */
  readonly stallTimeoutMs: number | null;
  readonly signal: AbortSignal;
  readonly onEvent: (event: GateRunEvent) => void;
  /** Called whenever a record changed (the orchestrator rewrites manifest.json). */
  readonly onRecordsChanged: () => void;
  /** Minimum time between `progress` events (ms); a finished shard always emits one. */
  readonly progressEveryMs: number;
  readonly nowMs: () => number;
  readonly wallClock: () => Date;
};

/**
 * Runs every shard job through the launcher, at most `maxParallel` at once (p-limit). A
 * failed attempt (non-zero exit, signal, timeout) is retried up to `retries` times with
 * `--resume`, so rows already flushed are kept. An abort stops running shards, starts no
 * new one and marks them `stopped`. Resolves when every shard has settled; the caller
 * reads the statuses from `records`.
 */
export async function runShards(options: RunShardsOptions): Promise<void> {
  const { jobs, records, launcher, signal, onEvent } = options;
  const limit = pLimit(options.maxParallel);
  const progress = new ProgressTracker({ unitsPerShard: options.unitsPerShard, nowMs: options.nowMs });
  let lastProgressMs = Number.NEGATIVE_INFINITY;
  const emitProgress = (force: boolean): void => {
    const now = options.nowMs();
    if (!force && now - lastProgressMs < options.progressEveryMs) return;
    lastProgressMs = now;
    onEvent({ type: 'progress', ...progress.snapshot() });
  };
  emitProgress(true);

  const runOne = async (job: ShardJob, record: ShardRecord): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) {
        record.status = 'stopped';
        options.onRecordsChanged();
        return;
      }
      const resume = job.resume || attempt > 1;
      const entry: ShardAttemptRecord = {
        attempt: record.attempts.length + 1,
        resume,
        pid: null,
        startedAt: options.wallClock().toISOString(),
        endedAt: null,
        elapsedMs: null,
        exitCode: null,
        exitSignal: null,
        timedOut: false,
        stopped: false,
        ok: null,
        lastError: '',
      };
      record.attempts.push(entry);
      record.status = 'running';
      const watch = watchForStall({ shard: job.shardIndex, attempt, signal, heartbeatMs: options.heartbeatMs, stallTimeoutMs: options.stallTimeoutMs, nowMs: options.nowMs, onEvent });
      const launched: ShardAttemptOutcome = await launcher.launch(
        { ...job, resume },
        {
          attempt,
          timeoutMs: options.timeoutMs,
          signal: watch.signal,
          onStart: ({ pid, worker }) => {
            watch.seen();
            entry.pid = pid;
            if (worker !== undefined) entry.worker = worker;
            options.onRecordsChanged();
            onEvent({ type: 'shard started', shard: job.shardIndex, attempt, resume, pid, ...(worker === undefined ? {} : { worker }) });
          },
          onRecord: (logRecord) => {
            watch.seen();
            const error = shardErrorOf(logRecord);
            if (error !== null) {
              entry.error = error;
              options.onRecordsChanged();
            }
            if (!progress.record(job.shardIndex, logRecord)) return;
            if (logRecord.msg === 'heartbeat') {
              onEvent({
                type: 'shard heartbeat',
                shard: job.shardIndex,
                attempt,
                factor: String(logRecord['factor']),
                window: Number(logRecord['window']),
                unitsDone: Number(logRecord['unitsDone']),
                unitsTotal: Number(logRecord['unitsTotal']),
              });
            }
            emitProgress(false);
          },
        },
      ).finally(() => watch.stop());
      // Stopped for silence: a failed attempt (retried with --resume), not a stop of the run.
      const outcome: ShardAttemptOutcome = watch.stalled() && !signal.aborted ? { ...launched, ok: false, stopped: false, stalled: true } : launched;
      if (outcome.stalled === true) entry.stalled = true;
      Object.assign(entry, {
        endedAt: options.wallClock().toISOString(),
        elapsedMs: Math.round(outcome.elapsedMs),
        exitCode: outcome.exitCode,
        exitSignal: outcome.exitSignal,
        timedOut: outcome.timedOut,
        stopped: outcome.stopped,
        ok: outcome.ok,
        lastError: outcome.lastError,
      });
      const willRetry = !outcome.ok && !outcome.stopped && !signal.aborted && attempt <= options.retries;
      record.status = outcome.ok ? 'done' : outcome.stopped || signal.aborted ? 'stopped' : willRetry ? 'running' : 'failed';
      options.onRecordsChanged();
      onEvent({
        type: 'shard exited',
        shard: job.shardIndex,
        attempt,
        ok: outcome.ok,
        exit: describeExit(outcome, options.timeoutMs),
        lastError: outcome.lastError,
        ...(entry.error === undefined || outcome.ok ? {} : { error: entry.error }),
        elapsedMs: Math.round(outcome.elapsedMs),
        willRetry,
      });
      if (outcome.ok) {
        const telemetry = readTelemetry(job.outDir);
        if (telemetry !== null) {
          entry.telemetry = telemetry;
          options.onRecordsChanged();
        }
        progress.finish(job.shardIndex);
        emitProgress(true);
        return;
      }
      if (!willRetry) return;
    }
  };

  await Promise.all(jobs.map((job, k) => limit(() => runOne(job, records[k] as ShardRecord))));
}

/** `exit code 0`, `killed by SIGKILL`, `timed out after 30 s`, `stalled`, `stopped`. */
export function describeExit(outcome: ShardAttemptOutcome, timeoutMs: number | null): string {
  if (outcome.stalled === true) return 'stalled: no heartbeat, stopped';
  if (outcome.stopped) return 'stopped';
  if (outcome.timedOut) return `timed out after ${(timeoutMs ?? 0) / 1000} s`;
  if (outcome.exitSignal !== null) return `killed by ${outcome.exitSignal}`;
  return outcome.exitCode === null ? 'did not start' : `exit code ${outcome.exitCode}`;
}

/** The shard's telemetry.json (written by a finished shard), or null when absent or unreadable: telemetry is never worth failing a run. */
function readTelemetry(shardDir: string): ShardTelemetry | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(shardDir, TELEMETRY_FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { wallMs?: unknown }).wallMs === 'number' ? (parsed as ShardTelemetry) : null;
  } catch {
    return null;
  }
}

type StallWatchOptions = {
  readonly shard: number;
  readonly attempt: number;
  /** The run's abort signal: aborting it stops the attempt too. */
  readonly signal: AbortSignal;
  readonly heartbeatMs: number;
  readonly stallTimeoutMs: number | null;
  readonly nowMs: () => number;
  readonly onEvent: (event: GateRunEvent) => void;
};

/**
 * Watches one attempt's log records: silent for three heartbeats it emits `shard stalled`
 * (again after each new silence); silent for `stallTimeoutMs` it aborts the attempt's signal
 * (the launcher stops the shard) and `stalled()` turns true. Slow work keeps beating (the
 * runner beats between units whenever its compute threads finish a stage); a stuck one does not.
 */
function watchForStall(options: StallWatchOptions): { signal: AbortSignal; seen: () => void; stalled: () => boolean; stop: () => void } {
  const { heartbeatMs, stallTimeoutMs, nowMs, onEvent } = options;
  const controller = new AbortController();
  const onRunAbort = (): void => controller.abort(options.signal.reason);
  if (options.signal.aborted) onRunAbort();
  else options.signal.addEventListener('abort', onRunAbort, { once: true });
  let lastSeenMs = nowMs();
  let warned = false;
  let stalled = false;
  const timer = setInterval(
    () => {
      const silentMs = nowMs() - lastSeenMs;
      if (!warned && silentMs >= 3 * heartbeatMs) {
        warned = true;
        onEvent({ type: 'shard stalled', shard: options.shard, attempt: options.attempt, silentMs: Math.round(silentMs), stallTimeoutMs: stallTimeoutMs });
      }
      if (!stalled && stallTimeoutMs !== null && silentMs >= stallTimeoutMs) {
        stalled = true;
        controller.abort('stalled');
      }
    },
    Math.max(50, Math.min(1000, heartbeatMs / 2)),
  );
  timer.unref();
  return {
    signal: controller.signal,
    seen: () => {
      lastSeenMs = nowMs();
      warned = false;
    },
    stalled: () => stalled,
    stop: () => {
      clearInterval(timer);
      options.signal.removeEventListener('abort', onRunAbort);
    },
  };
}
