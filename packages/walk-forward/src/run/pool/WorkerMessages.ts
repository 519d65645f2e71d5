import type { CacheRecovery, StageTimes, UnitTexts, WalkForwardConfig } from '@wf/engine';
import type { WalkForwardWindow } from '../../windows/planWindows.js';
import type { SharedMarket } from './shareMarket.js';

/** What a pool worker is started with (its workerData). */
export type WorkerSetup = {
  readonly market: SharedMarket;
  /** The run's config, data paths resolved; user factor modules are loaded from `config.factorModules`. */
  readonly config: WalkForwardConfig;
  readonly useCache: boolean;
  readonly cacheDir: string;
  readonly refreshCache: boolean;
  /** The run's code identity digest (part of every signal cache key). */
  readonly codeIdentity: string;
};

/** A factor's windows to compute, in window order, on one engine ranking from `firstDay`. */
export type FactorTask = {
  readonly type: 'task';
  readonly task: number;
  readonly factorId: string;
  readonly windows: readonly WalkForwardWindow[];
  readonly firstDay: number;
};

/** A failure as it crosses the thread boundary: a WfError keeps its code (the CLI exits 2), anything else its stack. */
export type WorkerError = { readonly name: string; readonly message: string; readonly stack: string | null; readonly code: string | null };

export type WorkerReply =
  | { readonly type: 'ready' }
  | {
      readonly type: 'unit';
      readonly task: number;
      readonly window: number;
      readonly texts: UnitTexts;
      readonly signalsComputed: number;
      readonly cacheHits: number;
      /** The worker's stage times so far (telemetry). */
      readonly stages: StageTimes;
    }
  /** The worker finished an engine stage (at most a few a second): it is alive; its stage times so far. */
  | { readonly type: 'progress'; readonly stages: StageTimes }
  | { readonly type: 'task done'; readonly task: number }
  | { readonly type: 'cache entry corrupt'; readonly recovery: CacheRecovery }
  | { readonly type: 'error'; readonly task: number | null; readonly error: WorkerError };
