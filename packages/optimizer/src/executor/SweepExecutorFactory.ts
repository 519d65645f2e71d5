import type { UniverseConfig } from '@wf/engine';
import type { CandidateEvaluationSettings } from './CandidateWorkerData.js';
import type { CandidateExecutor } from './EvaluationTask.js';

/** Where a sweep's market came from: an executor in another process or machine loads it again from there. */
export type SweepDataSource = {
  /** Absolute config path (user factor modules are named relative to its folder in the code identity). */
  readonly configPath: string;
  readonly pricesDir: string;
  readonly marketCapsDir: string | null;
  readonly calendarFile: string | null;
};

/**
 * Everything an executor outside this process needs to evaluate a sweep's candidates exactly
 * as InProcessExecutor and WorkerPoolExecutor do: the factor (and the user modules it may
 * come from), the default portfolio and the segment, the evaluator's settings, and the market
 * to rebuild (its data fingerprint, universe settings and where the data lie). Plain data.
 */
export type SweepEvaluationSpec = CandidateEvaluationSettings & {
  /** The sweep's `--workers`: threads the remote side evaluates on (at least 1 there, so timeouts apply). */
  readonly workers: number;
  /** Per-candidate limit (TIMEOUT past it, as in WorkerPoolExecutor); null = none. */
  readonly timeoutMs: number | null;
  /** Fingerprint of the data the sweep loaded: a remote side whose own differs must refuse. */
  readonly dataFingerprint: string;
  readonly universe: UniverseConfig;
  /** Where the data lie; null when the sweep was given a market of unknown origin. */
  readonly data: SweepDataSource | null;
};

/**
 * Starts the executor of one sweep somewhere else (another process, a job queue): the seam
 * through which `wf-optimize --launcher bullmq` sends chunks of candidates to `wf-worker`
 * processes (@wf/queue implements it; this package never imports it). Any implementation must
 * give the outcomes InProcessExecutor gives for the same tasks, so results.ndjson is the same.
 */
export type CreateSweepExecutor = (spec: SweepEvaluationSpec) => Promise<CandidateExecutor>;
