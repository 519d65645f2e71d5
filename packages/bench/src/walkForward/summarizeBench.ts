import type { WalkForwardMeasurement } from './measureWalkForwardRun.js';

/** The repeated measurements of one benchmark scenario. */
export type BenchScenarioResult = {
  readonly name: string;
  readonly description: string;
  readonly runs: readonly WalkForwardMeasurement[];
};

/** A target ratio between two scenarios' median wall times. */
export type BenchTarget = {
  readonly name: string;
  /** The slower scenario (numerator). */
  readonly baseline: string;
  /** The faster scenario (denominator). */
  readonly improved: string;
  readonly minSpeedup: number;
};

export type BenchSummary = {
  readonly scenarios: readonly {
    readonly name: string;
    readonly description: string;
    readonly medianWallMs: number;
    readonly minWallMs: number;
    readonly maxWallMs: number;
    readonly medianMaxRssMb: number;
    readonly runs: readonly WalkForwardMeasurement[];
  }[];
  readonly targets: readonly (BenchTarget & { readonly speedup: number; readonly met: boolean })[];
};

/** Medians per scenario and the speedups of the targets. */
export function summarizeBench(options: { scenarios: readonly BenchScenarioResult[]; targets: readonly BenchTarget[] }): BenchSummary {
  const scenarios = options.scenarios.map((s) => {
    const walls = s.runs.map((r) => r.wallMs);
    return {
      name: s.name,
      description: s.description,
      medianWallMs: median(walls),
      minWallMs: Math.min(...walls),
      maxWallMs: Math.max(...walls),
      medianMaxRssMb: median(s.runs.map((r) => r.maxRssKb / 1024)),
      runs: s.runs,
    };
  });
  const wall = (name: string): number => scenarios.find((s) => s.name === name)?.medianWallMs ?? Number.NaN;
  const targets = options.targets.map((t) => {
    const speedup = wall(t.baseline) / wall(t.improved);
    return { ...t, speedup, met: speedup >= t.minSpeedup };
  });
  return { scenarios, targets };
}

/** A markdown table of a summary (report.md). */
export function formatBenchMarkdown(options: { title: string; context: readonly string[]; summary: BenchSummary }): string {
  const { summary } = options;
  const lines = [`# ${options.title}`, '', ...options.context.map((line) => `- ${line}`), ''];
  lines.push('| scenario | median wall s | min-max s | peak RSS MB (median) | signals computed | cache hits | panel |', '|---|---|---|---|---|---|---|');
  for (const s of summary.scenarios) {
    const first = s.runs[0];
    lines.push(
      `| ${s.name}: ${s.description} | ${(s.medianWallMs / 1000).toFixed(2)} | ${(s.minWallMs / 1000).toFixed(2)}-${(s.maxWallMs / 1000).toFixed(2)} | ` +
        `${s.medianMaxRssMb.toFixed(0)} | ${first?.signalsComputed ?? ''} | ${first?.cacheHits ?? ''} | ${first?.panelSource ?? ''} |`,
    );
  }
  lines.push('', '| target | speedup | required | met |', '|---|---|---|---|');
  for (const t of summary.targets) {
    lines.push(`| ${t.name} (${t.baseline} / ${t.improved}) | ${t.speedup.toFixed(2)}x | ${t.minSpeedup}x | ${t.met ? 'yes' : 'NO'} |`);
  }
  return `${lines.join('\n')}\n`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
