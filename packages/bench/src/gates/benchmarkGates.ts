import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WfError } from '@wf/engine';
import { execa } from 'execa';
import type { GateManifest } from '@wf/gates';

export type BenchmarkGatesOptions = {
  /** The compiled `wf-gates` script (scripts/dist/run-production-gates.js). */
  readonly gatesScript: string;
  readonly configPath: string;
  readonly pricesDir: string | null;
  /** Scratch folder for run folders and caches (emptied first, removed after). */
  readonly workDir: string;
  /** Measurements per scenario (median reported). */
  readonly repeats: number;
  /** Called after each measurement (for progress logs). */
  readonly onMeasurement?: (scenario: string, wallMs: number) => void;
};

/** One measured `wf-gates` process. */
export type GatesRunMeasurement = {
  /** Wall time of the whole process (node start to exit), ms. */
  readonly wallMs: number;
  readonly exitCode: number;
  /** The manifest's phase timings of that run (ms). */
  readonly planMs: number | null;
  readonly shardsMs: number | null;
  readonly mergeMs: number | null;
  readonly reportsMs: number | null;
};

export type GatesBenchScenario = {
  readonly name: string;
  readonly description: string;
  readonly args: readonly string[];
  readonly runs: readonly GatesRunMeasurement[];
  readonly medianWallMs: number;
  readonly minWallMs: number;
  readonly maxWallMs: number;
};

export type GatesBenchReport = {
  readonly scenarios: readonly GatesBenchScenario[];
  readonly targets: readonly { readonly name: string; readonly value: string; readonly required: string; readonly met: boolean }[];
};

/**
 * Benchmarks the whole nightly gate as users run it: `wf-gates` processes, wall time from
 * spawn to exit. Scenarios: 1 vs 2 shards (panel cache warm, no signal cache: the shard
 * speed-up), and the full run cold (empty cache folder, signal cache on, 2 shards) and
 * warm (the cold run's cache folder). Targets: 2 shards >= 1.6x faster than 1; cold
 * < 3 s; warm < 1 s (medians).
 */
export async function benchmarkGates(options: BenchmarkGatesOptions): Promise<GatesBenchReport> {
  const { workDir } = options;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  let runNo = 0;
  const measure = async (scenario: string, args: readonly string[]): Promise<GatesRunMeasurement> => {
    const out = join(workDir, `run-${runNo++}`);
    const base = ['--config', options.configPath, '--out', out, '--log-level', 'warn'];
    if (options.pricesDir !== null) base.push('--prices', options.pricesDir);
    const startedMs = performance.now();
    const child = await execa(process.execPath, [options.gatesScript, ...base, ...args], { reject: false, stdin: 'ignore' });
    const wallMs = performance.now() - startedMs;
    const exitCode = child.exitCode ?? -1;
    if (exitCode !== 0 && exitCode !== 1) {
      throw new WfError('BENCH_RUN_FAILED', `wf-gates ${args.join(' ')} exited ${exitCode}: ${String(child.stderr).trim().split('\n').at(-1) ?? ''}`);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as GateManifest;
    const timings = manifest.invocations.at(-1)?.timings;
    rmSync(out, { recursive: true, force: true });
    options.onMeasurement?.(scenario, wallMs);
    return { wallMs, exitCode, planMs: timings?.planMs ?? null, shardsMs: timings?.shardsMs ?? null, mergeMs: timings?.mergeMs ?? null, reportsMs: timings?.reportsMs ?? null };
  };

  const panelCache = join(workDir, 'panel-cache');
  const specs = [
    { name: 'shards-1', description: '1 shard, panel cache warm, no signal cache', args: ['--wf-shards', '1', '--max-parallel', '1', '--cache-dir', panelCache] },
    { name: 'shards-2', description: '2 shards in parallel, panel cache warm, no signal cache', args: ['--wf-shards', '2', '--max-parallel', '2', '--cache-dir', panelCache] },
  ];
  await measure('prime', specs[0]?.args ?? []); // fills the panel cache
  const runs = new Map<string, GatesRunMeasurement[]>([
    ['shards-1', []],
    ['shards-2', []],
    ['cold', []],
    ['warm', []],
  ]);
  const coldArgs = (dir: string): string[] => ['--wf-shards', '2', '--max-parallel', '2', '--use-cache', '--cache-dir', dir];
  for (let r = 0; r < options.repeats; r++) {
    for (const spec of specs) runs.get(spec.name)?.push(await measure(spec.name, spec.args));
    const cacheDir = join(workDir, `cache-${r}`);
    runs.get('cold')?.push(await measure('cold', coldArgs(cacheDir)));
    runs.get('warm')?.push(await measure('warm', coldArgs(cacheDir)));
    rmSync(cacheDir, { recursive: true, force: true });
  }
  rmSync(workDir, { recursive: true, force: true });
  const all = [
    ...specs,
    { name: 'cold', description: 'whole nightly run, 2 shards, signal cache on, empty cache folder (panel and signals cold)', args: coldArgs('<fresh>') },
    { name: 'warm', description: 'whole nightly run, 2 shards, signal cache on, cache folder of the cold run', args: coldArgs('<cold run>') },
  ];
  const scenarios = all.map((spec) => {
    const measured = runs.get(spec.name) ?? [];
    const walls = measured.map((m) => m.wallMs);
    return { ...spec, runs: measured, medianWallMs: median(walls), minWallMs: Math.min(...walls), maxWallMs: Math.max(...walls) };
  });
  const wall = (name: string): number => scenarios.find((s) => s.name === name)?.medianWallMs ?? Number.NaN;
  const speedup = wall('shards-1') / wall('shards-2');
  return {
    scenarios,
    targets: [
      { name: '2 shards vs 1 (shards-1 / shards-2)', value: `${speedup.toFixed(2)}x`, required: '>= 1.6x', met: speedup >= 1.6 },
      { name: 'nightly run, cold', value: `${(wall('cold') / 1000).toFixed(2)} s`, required: '< 3 s', met: wall('cold') < 3000 },
      { name: 'nightly run, warm', value: `${(wall('warm') / 1000).toFixed(2)} s`, required: '< 1 s', met: wall('warm') < 1000 },
    ],
  };
}

/** report.md of a gates benchmark. */
export function formatGatesBenchMarkdown(options: { title: string; context: readonly string[]; report: GatesBenchReport }): string {
  const ms = (x: number | null): string => (x === null ? '-' : String(Math.round(x)));
  const lines = [`# ${options.title}`, '', ...options.context.map((line) => `- ${line}`), ''];
  lines.push('| scenario | median wall s | min-max s | phases of the median run (ms): plan / shards / merge / reports |', '|---|---|---|---|');
  for (const s of options.report.scenarios) {
    const mid = [...s.runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(s.runs.length / 2)];
    lines.push(
      `| ${s.name}: ${s.description} | ${(s.medianWallMs / 1000).toFixed(2)} | ${(s.minWallMs / 1000).toFixed(2)}-${(s.maxWallMs / 1000).toFixed(2)} | ` +
        `${ms(mid?.planMs ?? null)} / ${ms(mid?.shardsMs ?? null)} / ${ms(mid?.mergeMs ?? null)} / ${ms(mid?.reportsMs ?? null)} |`,
    );
  }
  lines.push('', '| target | measured | required | met |', '|---|---|---|---|');
  for (const t of options.report.targets) lines.push(`| ${t.name} | ${t.value} | ${t.required} | ${t.met ? 'yes' : 'NO'} |`);
  return `${lines.join('\n')}\n`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
