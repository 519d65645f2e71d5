import { join } from 'node:path';
import type { BenchScenario, OutputCheck } from './BenchScenario.js';

/** Candidates per optimizer group (each run of each scenario of the group processes this many). */
export type OptimizerBudgets = {
  readonly artifacts: number;
  readonly checkpoint: number;
  readonly timeouts: number;
  readonly executor: number;
  readonly memo: number;
};

export type OptimizerScenarioOptions = {
  /** The compiled sweep command with its leading arguments (`run-benchmarks.js sweep`: wf-optimize with the baseline modes). */
  readonly command: readonly string[];
  readonly configFor: (scenarioId: string) => string;
  readonly pricesDir: string | null;
  readonly factor: string;
  /** Space file (YAML) swept in grid order. */
  readonly spacePath: string;
  /** ISO first/last realized day of the segment; null = wf-optimize's default. */
  readonly start: string | null;
  readonly end: string | null;
  /** Worker threads (or processes) of the parallel modes. */
  readonly workers: number;
  readonly budgets: OptimizerBudgets;
};

type Variant = { readonly id: string; readonly group: keyof OptimizerBudgets; readonly title: string; readonly baseline: boolean; readonly args: readonly string[] };

const ARTIFACT_KEYS = ['artifacts', 'artifactFile'];

/**
 * Optimizer scenarios: each group runs a sweep (`wf-bench sweep`: wf-optimize plus the
 * baseline modes of ../baselines) in two or three implementation modes (the old style is
 * the group's baseline) on the same space, segment and budget. `results.ndjson` and
 * `top.json` must be byte-identical within a group, except top.json under different
 * artifact policies (it names the policy and the artifact files).
 */
export function optimizerScenarios(options: OptimizerScenarioOptions): BenchScenario[] {
  const w = String(options.workers);
  const variants: Variant[] = [
    { id: 'opt-artifacts-all', group: 'artifacts', title: 'artifacts: every candidate\'s daily CSV', baseline: true, args: ['--workers', w, '--artifacts', 'all'] },
    { id: 'opt-artifacts-top10', group: 'artifacts', title: 'artifacts: top 10 only', baseline: false, args: ['--workers', w, '--artifacts', 'top:10'] },
    { id: 'opt-artifacts-none', group: 'artifacts', title: 'artifacts: none', baseline: false, args: ['--workers', w, '--artifacts', 'none'] },
    { id: 'opt-checkpoint-full-rewrite', group: 'checkpoint', title: 'checkpoint: whole results file rewritten every 10', baseline: true, args: ['--workers', w, '--checkpoint-interval', '10', '--checkpoint-style', 'full-rewrite'] },
    { id: 'opt-checkpoint-append', group: 'checkpoint', title: 'checkpoint: NDJSON append + O(K) checkpoint every 10', baseline: false, args: ['--workers', w, '--checkpoint-interval', '10', '--checkpoint-style', 'append'] },
    { id: 'opt-timeouts-per-candidate-pool', group: 'timeouts', title: 'timeouts: a fresh one-worker pool and timer per candidate', baseline: true, args: ['--workers', w, '--timeout-ms', '600000', '--timeouts', 'per-candidate-pool'] },
    { id: 'opt-timeouts-watchdog', group: 'timeouts', title: 'timeouts: one watchdog over a persistent pool', baseline: false, args: ['--workers', w, '--timeout-ms', '600000', '--timeouts', 'watchdog'] },
    { id: 'opt-executor-processes', group: 'executor', title: `executor: ${w} child processes (arrays copied)`, baseline: true, args: ['--workers', w, '--executor', 'processes'] },
    { id: 'opt-executor-threads', group: 'executor', title: `executor: ${w} worker threads (shared arrays)`, baseline: false, args: ['--workers', w, '--executor', 'threads'] },
    { id: 'opt-executor-one-thread', group: 'executor', title: 'executor: in-process, one thread', baseline: false, args: ['--workers', '0'] },
    { id: 'opt-memo-off', group: 'memo', title: 'memoisation off (score matrix per candidate), one thread', baseline: true, args: ['--workers', '0', '--memo', 'off'] },
    { id: 'opt-memo-on', group: 'memo', title: 'memoisation on, one thread', baseline: false, args: ['--workers', '0', '--memo', 'on'] },
  ];
  return variants.map((v) => {
    const outputs: OutputCheck[] =
      v.group === 'artifacts'
        ? [
            { file: 'results.ndjson', ignoreKeys: [] },
            { file: 'top.json', ignoreKeys: ARTIFACT_KEYS, why: 'top.json names the artifact policy and each entry\'s artifact file' },
          ]
        : [
            { file: 'results.ndjson', ignoreKeys: [] },
            { file: 'top.json', ignoreKeys: [] },
          ];
    return {
      id: v.id,
      group: `optimizer-${v.group}`,
      title: v.title,
      baseline: v.baseline,
      outputs,
      plan: ({ runDir, stateDir }) => {
        const out = join(runDir, 'sweep');
        const args = [
          ...options.command,
          '--config',
          options.configFor(v.id),
          ...(options.pricesDir === null ? [] : ['--prices', options.pricesDir]),
          '--factor',
          options.factor,
          '--space',
          options.spacePath,
          ...(options.start === null ? [] : ['--start', options.start]),
          ...(options.end === null ? [] : ['--end', options.end]),
          '--budget',
          String(options.budgets[v.group]),
          '--cache-dir',
          join(stateDir, 'cache'),
          '--out',
          out,
          '--log-level',
          'warn',
          ...v.args,
        ];
        return { processes: [args], mergeShards: null, outputDir: out, recordedDirs: v.group === 'artifacts' ? [join(out, 'artifacts')] : [] };
      },
    };
  });
}
