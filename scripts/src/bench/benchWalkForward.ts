/**
 * `wf-bench walk-forward`: wall time and peak memory of wf-walk-forward on a nightly-like config,
 * with the signal cache off, cold and warm. Each measurement runs in a
 * fresh child process (this command with --child) so its peak RSS is its own; the parent
 * writes report.json and report.md to analysis/perf_benchmarks/<date>-walk-forward/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBenchMarkdown, measureWalkForwardRun, summarizeBench } from '@wf/bench';
import type { BenchScenarioResult, WalkForwardMeasurement } from '@wf/bench';
import { WfError } from '@wf/engine';
import { createParser } from '../createParser.js';
import { repoRoot } from '../repoRoot.js';

type ChildSpec = { config: string; outDir: string; cacheDir: string; useCache: boolean };

export async function benchWalkForward(args: readonly string[]): Promise<number> {
  const argv = await createParser('wf-bench walk-forward', '$0 [options]\n\nwf-walk-forward wall time and peak memory: signal cache off vs cold vs warm.', args)
    .option('config', { type: 'string', default: resolve(repoRoot, '../shared/configs/sp500-nightly.yaml'), describe: 'walk-forward config' })
    .option('repeats', { type: 'number', default: 3, describe: 'measurements per scenario (median reported)' })
    .option('report-dir', { type: 'string', describe: 'default analysis/perf_benchmarks/<YYYY-MM-DD>-walk-forward' })
    .option('child', { type: 'string', hidden: true, describe: 'internal: run one measurement (JSON spec) and print it' })
    .parseAsync();

  if (argv.child !== undefined) {
    const spec = JSON.parse(argv.child) as ChildSpec;
    const measurement = await measureWalkForwardRun({
      configPath: spec.config,
      outDir: spec.outDir,
      cacheDir: spec.cacheDir,
      useCache: spec.useCache,
      workers: 1,
      force: true,
    });
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
    return 0;
  }

  const config = resolve(argv.config);
  const work = mkdtempSync(join(tmpdir(), 'wf-bench-'));
  const self = fileURLToPath(new URL('../run-benchmarks.js', import.meta.url));
  const measure = (spec: Omit<ChildSpec, 'config' | 'outDir'>): WalkForwardMeasurement => {
    const outDir = mkdtempSync(join(work, 'out-'));
    const child = spawnSync(process.execPath, [self, 'walk-forward', '--child', JSON.stringify({ ...spec, config, outDir })], { encoding: 'utf8' });
    if (child.status !== 0) throw new WfError('BENCH_CHILD_FAILED', `benchmark child failed (${child.status}): ${child.stderr.trim()}`);
    rmSync(outDir, { recursive: true, force: true });
    return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as WalkForwardMeasurement;
  };
  try {
    const warmDir = join(work, 'warm-panel');
    measure({ cacheDir: warmDir, useCache: false }); // fills the panel cache only
    const scenarios: BenchScenarioResult[] = [
      { name: 'no-signal-cache', description: 'signal cache off (panel cache warm)', runs: [] },
      { name: 'cold', description: 'signal cache on, empty cache folder (panel and signals cold)', runs: [] },
      { name: 'warm', description: 'signal cache on, cache folder of the cold run (panel and signals warm)', runs: [] },
    ];
    const runs = (name: string): WalkForwardMeasurement[] => scenarios.find((s) => s.name === name)?.runs as WalkForwardMeasurement[];
    for (let r = 0; r < argv.repeats; r++) {
      runs('no-signal-cache').push(measure({ cacheDir: warmDir, useCache: false }));
      const coldDir = join(work, `cold-${r}`);
      runs('cold').push(measure({ cacheDir: coldDir, useCache: true }));
      runs('warm').push(measure({ cacheDir: coldDir, useCache: true }));
      rmSync(coldDir, { recursive: true, force: true });
    }
    const summary = summarizeBench({
      scenarios,
      targets: [{ name: 'warm cache', baseline: 'cold', improved: 'warm', minSpeedup: 3 }],
    });
    const date = new Date().toISOString().slice(0, 10);
    const reportDir = resolve(argv['report-dir'] ?? join(repoRoot, 'analysis/perf_benchmarks', `${date}-walk-forward`));
    const context = [
      `config: ${config}`,
      `date: ${date}; node ${process.version}; ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
      `${argv.repeats} measurements per scenario, each in a fresh child process (wall time of runWalkForward; peak RSS = process.resourceUsage().maxRSS of that child)`,
    ];
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'report.json'), `${JSON.stringify({ context, ...summary }, null, 2)}\n`);
    writeFileSync(join(reportDir, 'report.md'), formatBenchMarkdown({ title: 'wf-walk-forward benchmark', context, summary }));
    process.stdout.write(formatBenchMarkdown({ title: 'wf-walk-forward benchmark', context, summary }));
    process.stdout.write(`\nreport: ${reportDir}\n`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
