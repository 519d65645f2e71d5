import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { FactorDefinition, MarketContext, PortfolioConfig, Segment } from '@wf/engine';
import { ParameterSpace, parseSpaceSpec, runSweep } from '@wf/optimizer';
import type { SweepTelemetry } from '@wf/optimizer';
import { benchmarkCheckpointStyles } from './benchmarkCheckpointStyles.js';
import { measureParallelCapacity } from './measureParallelCapacity.js';
import type { CheckpointStyleFigures } from './benchmarkCheckpointStyles.js';

export type OptimizerBenchmarkOptions = {
  readonly context: MarketContext;
  readonly factor: FactorDefinition;
  readonly portfolio: PortfolioConfig;
  readonly segment: Segment;
  /** Space of the large sweep (raw space-file shape); its grid must hold >= `sweepCandidates` points. */
  readonly space: unknown;
  readonly sweepCandidates: number;
  /** Budget of the workers 1 vs 2 and memo on/off runs. */
  readonly speedupCandidates: number;
  readonly memoCandidates: number;
  /** Scratch folder (sweep outputs); removed scenario by scenario. */
  readonly scratchDir: string;
  /** Called between scenarios (the CLI logs it). */
  readonly onScenario?: (name: string) => void;
  /** Sampled at each thousand of the large sweep (the caller may run a GC first). */
  readonly sampleMemory: () => { readonly heapUsedBytes: number; readonly rssBytes: number };
};

export type ThousandFigures = {
  readonly candidates: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
  /** Persistence (store append, artifacts, checkpoints) per candidate over this thousand, in microseconds. */
  readonly persistenceUsPerCandidate: number;
  readonly candidatesPerSecond: number;
};

export type RunFigures = {
  readonly label: string;
  readonly workers: number;
  readonly candidates: number;
  readonly wallMs: number;
  readonly candidatesPerSecond: number;
  readonly scoreMatrices: number;
  readonly memoHitRatio: number;
  readonly stagesMs: SweepTelemetry['stagesMs'];
};

export type OptimizerBenchmarkReport = {
  /** parallelCapacity: throughput of 2 CPU-bound threads relative to 1 (2.0 = two real cores): the ceiling of the worker speed-up. */
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly parallelCapacity: number };
  readonly panel: { readonly symbols: number; readonly dates: number; readonly segmentDays: number };
  readonly sweep: RunFigures & { readonly perThousand: readonly ThousandFigures[] };
  readonly workers: { readonly one: RunFigures; readonly two: RunFigures; readonly speedup: number; readonly identicalResults: boolean };
  readonly memo: { readonly on: RunFigures; readonly off: RunFigures; readonly speedup: number; readonly identicalResults: boolean };
  readonly checkpoints: readonly CheckpointStyleFigures[];
};

/**
 * The optimizer's benchmark: a large grid sweep with memory and persistence cost per
 * thousand candidates; the same kind of sweep with 1 and 2 workers; memoisation on and
 * off; and the old full-rewrite checkpoint against append + light checkpoint.
 */
export async function runOptimizerBenchmark(options: OptimizerBenchmarkOptions): Promise<OptimizerBenchmarkReport> {
  const { context, factor, segment } = options;
  const space = new ParameterSpace({ factor, spec: parseSpaceSpec(options.space, 'benchmark space'), portfolio: options.portfolio, source: 'benchmark space' });
  const run = async (o: { label: string; workers: number; budget: number; memoize: boolean; onHeartbeat?: (t: SweepTelemetry) => void }): Promise<{ figures: RunFigures; results: string }> => {
    options.onScenario?.(o.label);
    const outDir = join(options.scratchDir, o.label.replace(/[^a-z0-9]+/gi, '-'));
    rmSync(outDir, { recursive: true, force: true });
    const started = performance.now();
    const result = await runSweep({
      context,
      factor,
      factorModules: [],
      space,
      segment,
      objective: 'sharpe',
      strategy: 'grid',
      seed: 0,
      budget: o.budget,
      workers: o.workers,
      timeoutMs: null,
      artifacts: { kind: 'top', n: 10 },
      outDir,
      resume: false,
      memoize: o.memoize,
      batchSize: 500,
      heartbeatEvery: 1000,
      ...(o.onHeartbeat === undefined ? {} : { onHeartbeat: o.onHeartbeat }),
    });
    const wallMs = performance.now() - started;
    const t = result.telemetry;
    return {
      figures: {
        label: o.label,
        workers: o.workers,
        candidates: t.candidates,
        wallMs,
        candidatesPerSecond: (t.candidates * 1000) / wallMs,
        scoreMatrices: t.engine.computed,
        memoHitRatio: t.memoHitRatio,
        stagesMs: t.stagesMs,
      },
      results: readFileSync(join(outDir, 'results.ndjson'), 'utf8'),
    };
  };

  const perThousand: ThousandFigures[] = [];
  let last = { candidates: 0, persistence: 0, elapsedMs: 0 };
  const sweep = await run({
    label: `sweep ${options.sweepCandidates}`,
    workers: 2,
    budget: options.sweepCandidates,
    memoize: true,
    onHeartbeat: (t) => {
      if (t.candidates === last.candidates) return;
      const memory = options.sampleMemory();
      const n = t.candidates - last.candidates;
      perThousand.push({
        candidates: t.candidates,
        heapUsedMb: memory.heapUsedBytes / 2 ** 20,
        rssMb: memory.rssBytes / 2 ** 20,
        persistenceUsPerCandidate: ((t.stagesMs.persistence - last.persistence) * 1000) / n,
        candidatesPerSecond: (n * 1000) / (t.elapsedMs - last.elapsedMs),
      });
      last = { candidates: t.candidates, persistence: t.stagesMs.persistence, elapsedMs: t.elapsedMs };
    },
  });
  const one = await run({ label: 'workers 1', workers: 1, budget: options.speedupCandidates, memoize: true });
  const two = await run({ label: 'workers 2', workers: 2, budget: options.speedupCandidates, memoize: true });
  const memoOn = await run({ label: 'memo on', workers: 0, budget: options.memoCandidates, memoize: true });
  const memoOff = await run({ label: 'memo off', workers: 0, budget: options.memoCandidates, memoize: false });
  options.onScenario?.('checkpoint styles');
  const checkpoints = [1000, 10000].map((candidates) =>
    benchmarkCheckpointStyles({ dir: join(options.scratchDir, `checkpoints-${candidates}`), candidates, checkpointInterval: 50 }),
  );
  options.onScenario?.('parallel capacity');
  const parallelCapacity = await measureParallelCapacity();
  const cpu = cpus();
  return {
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown', node: process.version, parallelCapacity },
    panel: { symbols: context.panel.nSymbols, dates: context.panel.nDates, segmentDays: segment.end - segment.start + 1 },
    sweep: { ...sweep.figures, perThousand },
    workers: { one: one.figures, two: two.figures, speedup: one.figures.wallMs / two.figures.wallMs, identicalResults: one.results === two.results },
    memo: { on: memoOn.figures, off: memoOff.figures, speedup: memoOff.figures.wallMs / memoOn.figures.wallMs, identicalResults: memoOn.results === memoOff.results },
    checkpoints,
  };
}

/** The report as Markdown (figures rounded for reading; report.json has them all). */
export function formatOptimizerBenchmarkMarkdown(report: OptimizerBenchmarkReport, notes: readonly string[]): string {
  const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const runRow = (r: RunFigures): string =>
    `| ${r.label} | ${r.workers} | ${r.candidates} | ${f(r.wallMs / 1000, 2)} | ${f(r.candidatesPerSecond)} | ${r.scoreMatrices} | ${f(r.memoHitRatio, 3)} | ${f(r.stagesMs.scores / 1000, 2)} | ${f(r.stagesMs.portfolio / 1000, 2)} | ${f(r.stagesMs.metrics / 1000, 2)} | ${f(r.stagesMs.persistence / 1000, 3)} |`;
  const runHeader = '| run | workers | candidates | wall s | cand/s | score matrices | memo hit ratio | scores s | portfolio s | metrics s | persistence s |\n|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = [
    '# Optimizer benchmark',
    '',
    `Machine: ${report.machine.cpus} x ${report.machine.cpuModel}, Node ${report.machine.node}; two CPU-bound threads run at ${f(report.machine.parallelCapacity, 2)}x the throughput of one (the ceiling of any 2-worker speed-up here). Panel: ${report.panel.symbols} symbols x ${report.panel.dates} dates; segment of ${report.panel.segmentDays} realized days.`,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    '## Runs',
    '',
    runHeader,
    runRow(report.sweep),
    runRow(report.workers.one),
    runRow(report.workers.two),
    runRow(report.memo.on),
    runRow(report.memo.off),
    '',
    `Workers 2 vs 1: **${f(report.workers.speedup, 2)}x** (results identical: ${report.workers.identicalResults}). ` +
      `Memoisation on vs off: **${f(report.memo.speedup, 2)}x** (results identical: ${report.memo.identicalResults}). Stage times are summed over threads.`,
    '',
    `## Large sweep, per thousand candidates`,
    '',
    '| after | heap MB | rss MB | persistence us/candidate | cand/s |',
    '|---|---|---|---|---|',
    ...report.sweep.perThousand.map((t) => `| ${t.candidates} | ${f(t.heapUsedMb)} | ${f(t.rssMb)} | ${f(t.persistenceUsPerCandidate)} | ${f(t.candidatesPerSecond)} |`),
    '',
    '## Checkpoint styles (checkpoint every 50 candidates, synthetic records)',
    '',
    '| candidates | full rewrite ms | full rewrite MB written | append + light checkpoint ms | MB written | ratio |',
    '|---|---|---|---|---|---|',
    ...report.checkpoints.map(
      (c) =>
        `| ${c.candidates} | ${f(c.fullRewriteMs)} | ${f(c.fullRewriteBytesWritten / 2 ** 20, 1)} | ${f(c.appendCheckpointMs)} | ${f(c.appendCheckpointBytesWritten / 2 ** 20, 2)} | ${f(c.fullRewriteMs / c.appendCheckpointMs, 1)}x |`,
    ),
    '',
  ];
  return lines.join('\n');
}
