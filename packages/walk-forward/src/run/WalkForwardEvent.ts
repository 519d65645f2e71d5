import type { StageTimes } from '@wf/engine';
import type { ShardTelemetry } from '../telemetry/shardTelemetry.js';

/**
 * Progress of a walk-forward run, for logs and the orchestrator's progress view (never
 * for protocol files). Every event carries `type`; a CLI logs it as
 * `logger.info(fields, type)`. Times are milliseconds.
 */
export type WalkForwardEvent =
  /** A cache entry (panel, universe or signal) failed verification and was recomputed: logged at warn. */
  | { readonly type: 'cache entry corrupt'; readonly cache: 'panel' | 'universe' | 'signal' | 'window'; readonly path: string; readonly reason: string }
  | {
      /** The output folder's lock was left by a process that is gone; this run took it over. */
      readonly type: 'stale lock taken over';
      readonly lockFile: string;
      readonly stalePid: number;
      readonly staleStartedAt: string;
      readonly reason: string;
    }
  | {
      /** Another live process holds the output folder's lock (an orphan finishing its unit): this run waits up to waitMs. */
      readonly type: 'waiting for lock';
      readonly lockFile: string;
      readonly ownerPid: number;
      readonly owner: string;
      readonly waitMs: number;
    }
  | {
      readonly type: 'panel loaded';
      readonly source: 'csv' | 'cache' | 'appended';
      readonly symbols: number;
      readonly dates: number;
      readonly elapsedMs: number;
    }
  | {
      /** The default worker count was lowered to fit the memory limit (runWalkForward lowerWorkersToFit). */
      readonly type: 'workers lowered';
      readonly requested: number;
      readonly workers: number;
      readonly estimatedBytes: number;
      readonly limitBytes: number;
    }
  | {
      readonly type: 'run planned';
      readonly shard: number;
      readonly shardCount: number;
      readonly factors: readonly string[];
      /** K, windows per factor. */
      readonly windows: number;
      readonly unitsTotal: number;
      /** Units found complete by `--resume` (skipped). */
      readonly unitsResumed: number;
      readonly repairedFiles: readonly string[];
    }
  | {
      readonly type: 'heartbeat';
      readonly shard: number;
      readonly shardCount: number;
      readonly factor: string;
      /** The window just finished, numbered from 0 as in the files. */
      readonly window: number;
      /** Windows of this factor done so far (window + 1), out of `windows`. */
      readonly windowsDone: number;
      readonly windows: number;
      readonly unitsDone: number;
      readonly unitsTotal: number;
      readonly elapsedMs: number;
      /** Estimated time left from this process's mean time per unit; null before the first unit. */
      readonly etaMs: number | null;
      /** Signals read from the on-disk signal cache so far. */
      readonly cacheHits: number;
      /** Units replayed from the window cache so far. */
      readonly windowsReused: number;
      /** Signals computed by factor kernels so far. */
      readonly signalsComputed: number;
      /** The run thread's time by stage so far (see ShardTelemetry). */
      readonly stages: StageTimes;
      /** The compute threads' busy time by stage so far. */
      readonly computeStages: StageTimes;
    }
  | {
      /**
       * Between units: the compute threads finished a stage and heartbeatSeconds passed since
       * the last heartbeat. A shard that is neither `working` nor beating is stuck.
       */
      readonly type: 'working';
      readonly shard: number;
      /** The factor whose units the run is writing (the pool may be computing others too). */
      readonly factor: string;
      readonly unitsDone: number;
      readonly unitsTotal: number;
      readonly elapsedMs: number;
      readonly stages: StageTimes;
      readonly computeStages: StageTimes;
    }
  | {
      readonly type: 'factor done';
      readonly shard: number;
      readonly factor: string;
      readonly windows: number;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'run done';
      readonly shard: number;
      readonly shardCount: number;
      readonly unitsRun: number;
      readonly unitsResumed: number;
      /** Units replayed from the window cache (counted in unitsRun). */
      readonly unitsReused: number;
      readonly elapsedMs: number;
      readonly cacheHits: number;
      readonly signalsComputed: number;
      /** Also written to the shard's telemetry.json. */
      readonly telemetry: ShardTelemetry;
    };
