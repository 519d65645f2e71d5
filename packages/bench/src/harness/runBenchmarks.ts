import { join } from 'node:path';
import { summarizeTimings } from '../measure/summarizeTimings.js';
import type { BenchScenario } from './BenchScenario.js';
import type { OutputDifference, ScenarioReport } from './BenchmarkReport.js';
import { measureScenario } from './measureScenario.js';
import type { ScenarioRunFigures } from './measureScenario.js';

export type RunBenchmarksOptions = {
  readonly scenarios: readonly BenchScenario[];
  /** Measured runs per scenario (>= 1), after one warm-up run. */
  readonly runs: number;
  /** Scratch folder: one sub-folder per scenario (outputs, caches, usage records). */
  readonly scratchDir: string;
  /** The node binary the processes run on. */
  readonly nodePath: string;
  readonly onProgress?: (event: { readonly scenario: string; readonly run: number; readonly runs: number; readonly wallMs: number }) => void;
};

export type RunBenchmarksResult = {
  readonly scenarios: readonly ScenarioReport[];
  /** Outputs differing between runs of a scenario or between scenarios of a group. */
  readonly differences: readonly OutputDifference[];
};

/**
 * Runs every scenario (in order) once to warm up and `runs` times measured, each run as
 * real child processes; checks that each scenario's outputs are the same in every run and
 * that scenarios of a group agree on every output; and summarizes wall time, CPU time
 * and peak memory with the speed-up against the group's baseline.
 */
export async function runBenchmarks(options: RunBenchmarksOptions): Promise<RunBenchmarksResult> {
  const differences: OutputDifference[] = [];
  const measured: { scenario: BenchScenario; figures: ScenarioRunFigures[] }[] = [];
  for (const scenario of options.scenarios) {
    const dir = join(options.scratchDir, scenario.id);
    const all: ScenarioRunFigures[] = [];
    for (let run = 0; run <= options.runs; run++) {
      const figures = await measureScenario({ scenario, dir, nodePath: options.nodePath });
      all.push(figures);
      options.onProgress?.({ scenario: scenario.id, run, runs: options.runs, wallMs: figures.wallMs });
    }
    differences.push(...runDifferences(scenario, all));
    measured.push({ scenario, figures: all.slice(1) });
  }
  differences.push(...groupDifferences(measured));

  const medians = new Map<string, number>();
  const reports = measured.map(({ scenario, figures }) => {
    const wall = summarizeTimings(figures.map((f) => f.wallMs));
    medians.set(scenario.id, wall.medianMs);
    return { scenario, figures, wall };
  });
  const scenarios = reports.map(({ scenario, figures, wall }): ScenarioReport => {
    const baseline = options.scenarios.find((s) => s.group === scenario.group && s.baseline && s.id !== scenario.id) ?? null;
    const baselineMedian = baseline === null ? undefined : medians.get(baseline.id);
    const last = figures[figures.length - 1] as ScenarioRunFigures;
    const rss = summarizeTimings(figures.map((f) => f.peakRssMiB));
    return {
      id: scenario.id,
      group: scenario.group,
      title: scenario.title,
      baseline: scenario.baseline,
      wallSamplesMs: figures.map((f) => round2(f.wallMs)),
      wall,
      cpu: summarizeTimings(figures.map((f) => f.cpuMs)),
      peakRssMiB: { median: rss.medianMs, max: rss.maxMs },
      sumPeakRssMiB: summarizeTimings(figures.map((f) => f.sumPeakRssMiB)).medianMs,
      processes: last.processes,
      baselineId: baseline?.id ?? null,
      speedup: baselineMedian === undefined || wall.medianMs === 0 ? null : round2(baselineMedian / wall.medianMs),
      outputs: last.outputs.map((o, k) => {
        const check = scenario.outputs[k];
        return { ...o, ignoreKeys: check?.ignoreKeys ?? [], why: check?.why ?? null };
      }),
      recorded: last.recorded,
      command: scenario.plan({ runDir: join(options.scratchDir, scenario.id, 'run'), stateDir: join(options.scratchDir, scenario.id, 'state') }).processes[0] ?? [],
    };
  });
  return { scenarios, differences };
}

/** Every run (warm-up included) must write the same bytes. */
function runDifferences(scenario: BenchScenario, runs: readonly ScenarioRunFigures[]): OutputDifference[] {
  const out: OutputDifference[] = [];
  scenario.outputs.forEach((check, k) => {
    const digests = runs.map((r, run) => ({ source: run === 0 ? 'warm-up' : `run ${run}`, comparedSha256: r.outputs[k]?.sha256 ?? '' }));
    if (new Set(digests.map((d) => d.comparedSha256)).size > 1) {
      out.push({ kind: 'between-runs', group: scenario.group, file: check.file, digests, message: `${scenario.id}: ${check.file} differs between runs of the same scenario (non-deterministic output)` });
    }
  });
  return out;
}

/** Scenarios of a group must agree on every output (after the keys each check ignores). */
function groupDifferences(measured: readonly { scenario: BenchScenario; figures: ScenarioRunFigures[] }[]): OutputDifference[] {
  const out: OutputDifference[] = [];
  const groups = new Map<string, { scenario: BenchScenario; figures: ScenarioRunFigures[] }[]>();
  for (const m of measured) groups.set(m.scenario.group, [...(groups.get(m.scenario.group) ?? []), m]);
  for (const [group, members] of groups) {
    if (members.length < 2) continue;
    const files = members[0]?.scenario.outputs.map((o) => o.file) ?? [];
    for (const file of files) {
      const digests = members.map((m) => ({ source: m.scenario.id, comparedSha256: m.figures[0]?.outputs.find((o) => o.file === file)?.comparedSha256 ?? '(missing)' }));
      const distinct = new Set(digests.map((d) => d.comparedSha256));
      if (distinct.size > 1) {
        const reference = digests.find((d) => members.find((m) => m.scenario.id === d.source)?.scenario.baseline) ?? (digests[0] as { source: string; comparedSha256: string });
        const odd = digests.filter((d) => d.comparedSha256 !== reference.comparedSha256).map((d) => d.source);
        out.push({ kind: 'between-scenarios', group, file, digests, message: `${group}: ${file} of ${odd.join(', ')} differs from ${reference.source}` });
      }
    }
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
