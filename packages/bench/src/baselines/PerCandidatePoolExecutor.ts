import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineStats } from '@wf/engine';
import { candidateWorkerUrl, startThreadChannel, WorkerPoolExecutor, WorkerStartError, ZERO_TIMINGS } from '@wf/optimizer';
import type { CandidateExecutor, EvaluationOutcome, EvaluationTask, ExecutorStats, WorkerPoolExecutorOptions } from '@wf/optimizer';

/**
 * The old timeout style (benchmark baseline, `wf-bench sweep --timeouts per-candidate-pool`): every
 * candidate gets a pool of its own (a fresh worker thread that builds its registry and
 * engine) and a timer of its own; the worker is terminated when the candidate finishes
 * or its timer fires (TIMEOUT). `workers` candidates run at a time. Nothing is shared
 * between candidates (no memo), so numbers are the same as the watchdog pool's.
 */
export class PerCandidatePoolExecutor implements CandidateExecutor {
  private readonly options: WorkerPoolExecutorOptions;
  private readonly workerUrl: URL;
  private engine: EngineStats = { computed: 0, memoHits: 0, cacheHits: 0, segments: 0 } as EngineStats;

  constructor(options: WorkerPoolExecutorOptions) {
    this.options = options;
    this.workerUrl = options.workerUrl ?? candidateWorkerUrl();
    const script = fileURLToPath(this.workerUrl);
    if (!existsSync(script)) throw new WorkerStartError({ workerScript: script, reason: 'the compiled worker is missing (run `npx tsc -b packages/optimizer` first)' });
  }

  async evaluate(tasks: readonly EvaluationTask[], onOutcome?: (outcome: EvaluationOutcome) => void): Promise<EvaluationOutcome[]> {
    const outcomes = new Map<number, EvaluationOutcome>();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length) {
        const task = tasks[next++] as EvaluationTask;
        const outcome = await this.runOne(task);
        outcomes.set(task.ordinal, outcome);
        onOutcome?.(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.workers) }, () => lane()));
    return tasks.map((task) => outcomes.get(task.ordinal) as EvaluationOutcome);
  }

  stats(): ExecutorStats {
    return { engine: this.engine, workersReplaced: 0 };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** One candidate in a pool of its own, timed by a timer of its own. */
  private runOne(task: EvaluationTask): Promise<EvaluationOutcome> {
    const channel = startThreadChannel(this.workerUrl, WorkerPoolExecutor.workerData(this.options));
    const limit = this.options.timeoutMs;
    return new Promise<EvaluationOutcome>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      let settled = false;
      const finish = (outcome: EvaluationOutcome | null, error?: unknown): void => {
        if (settled) return;
        settled = true;
        if (timer !== null) clearTimeout(timer);
        void channel.terminate();
        if (outcome === null) reject(error);
        else resolve(outcome);
      };
      const failed = (status: 'TIMEOUT' | 'ERROR', error: string): EvaluationOutcome => ({ ordinal: task.ordinal, status, error, timings: ZERO_TIMINGS });
      channel.onReply((reply) => {
        if (reply.type === 'ready') {
          channel.send({ type: 'run', tasks: [task] });
          if (limit !== null) timer = setTimeout(() => finish(failed('TIMEOUT', `exceeded ${limit} ms`)), limit);
        } else if (reply.type === 'init-error') {
          finish(null, new WorkerStartError({ workerScript: fileURLToPath(this.workerUrl), reason: reply.message }));
        } else if (reply.type === 'outcome') {
          this.engine = addStats(this.engine, reply.stats);
          finish(reply.outcome);
        }
      });
      channel.onError((error) => finish(failed('ERROR', `worker crashed: ${error.message}`)));
      channel.onExit((code) => finish(failed('ERROR', `worker exited with code ${code}`)));
    });
  }
}

function addStats(a: EngineStats, b: EngineStats): EngineStats {
  const sum: Record<string, number> = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return sum as EngineStats;
}
