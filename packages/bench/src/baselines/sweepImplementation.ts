import { InvalidSweepOptionsError, WorkerPoolExecutor } from '@wf/optimizer';
import type { RunOptimizationOptions } from '@wf/optimizer';
import { candidateProcessUrl } from './candidateProcessUrl.js';
import { FullRewriteResultsStore } from './FullRewriteResultsStore.js';
import { PerCandidatePoolExecutor } from './PerCandidatePoolExecutor.js';
import { startProcessChannel } from './startProcessChannel.js';

/** `append`: the product's NDJSON store; `full-rewrite`: the whole results file rewritten at each checkpoint. */
export const CHECKPOINT_STYLES = ['append', 'full-rewrite'] as const;
/** `watchdog`: the product's pool with one timer; `per-candidate-pool`: a fresh one-worker pool and timer per candidate. */
export const TIMEOUT_STYLES = ['watchdog', 'per-candidate-pool'] as const;
/** `threads`: the product's worker threads over shared arrays; `processes`: child processes, each with its own copy. */
export const EXECUTOR_KINDS = ['threads', 'processes'] as const;

/** Which implementation of each part of a sweep runs: the product's (the first of each list) or an old style kept as a baseline. */
export type SweepBaselines = {
  readonly checkpointStyle: (typeof CHECKPOINT_STYLES)[number];
  readonly timeouts: (typeof TIMEOUT_STYLES)[number];
  readonly executor: (typeof EXECUTOR_KINDS)[number];
  /** false: every candidate recomputes its score matrix. */
  readonly memoize: boolean;
};

/**
 * The sweep parts (runOptimization's `implementation`) of `baselines`, composed from the
 * product's interfaces: the results store, the worker pool's channel, the executor. Every
 * combination writes the same results.ndjson and top.json. The executor styles need
 * `workers` >= 1 and exclude each other.
 */
export function sweepImplementation(baselines: SweepBaselines, workers: number): NonNullable<RunOptimizationOptions['implementation']> {
  if (workers === 0 && baselines.timeouts === 'per-candidate-pool') throw new InvalidSweepOptionsError('timeouts', 'per-candidate-pool needs worker threads (--workers >= 1)');
  if (workers === 0 && baselines.executor === 'processes') throw new InvalidSweepOptionsError('executor', 'processes needs --workers >= 1 (the number of child processes)');
  if (baselines.executor === 'processes' && baselines.timeouts === 'per-candidate-pool') {
    throw new InvalidSweepOptionsError('timeouts', 'per-candidate-pool runs worker threads; it cannot be combined with --executor processes');
  }
  return {
    memoize: baselines.memoize,
    ...(baselines.checkpointStyle === 'full-rewrite' ? { openStore: FullRewriteResultsStore.open } : {}),
    ...(baselines.timeouts === 'per-candidate-pool' ? { createPool: (options) => Promise.resolve(new PerCandidatePoolExecutor(options)) } : {}),
    ...(baselines.executor === 'processes' ? { createPool: (options) => WorkerPoolExecutor.create({ ...options, workerUrl: candidateProcessUrl(), startChannel: startProcessChannel }) } : {}),
  };
}
