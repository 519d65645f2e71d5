/**
 * `wf-bench kernels` (issue 10): per candidate of a config's factors, the full-panel score matrix
 * and evaluation of two or more engine builds (e.g. main's commit checked out in another
 * worktree, and this one), alternating in one process; report.json and README-ready Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatKernelReport, machineInfo, runKernelBenchmark } from '@wf/bench';
import { loadConfig } from '@wf/engine';
import { createParser } from '../createParser.js';
import { repoRoot } from '../repoRoot.js';

export async function benchKernels(args: readonly string[]): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const argv = await createParser('wf-bench kernels', '$0 --before DIR [options]\n\nCompares the factor kernels of two builds on the full panel.', args)
    .option('config', { type: 'string', default: resolve(repoRoot, '../shared/configs/sp500-nightly.yaml'), describe: 'config whose factors and candidates are measured' })
    .option('before', { type: 'string', demandOption: true, describe: 'checkout (with packages/engine/dist built) of the baseline, e.g. a worktree of main' })
    .option('runs', { type: 'number', default: 7, describe: 'measured runs per figure and build' })
    .option('factors', { type: 'string', array: true, default: [] as string[], describe: 'only these factor ids' })
    .option('out', { type: 'string', default: join(repoRoot, 'analysis/perf_benchmarks', `${today}-kernels`), describe: 'report folder' })
    .parseAsync();
  const config = await loadConfig(resolve(argv.config));
  const labels = ['before', 'after'];
  const result = await runKernelBenchmark({
    engines: [
      { label: 'before', repoDir: resolve(argv.before) },
      { label: 'after', repoDir: repoRoot },
    ],
    config,
    runs: argv.runs,
    factorIds: argv.factors,
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  const info = machineInfo(repoRoot);
  const machine = `${info.cpuModel}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.platform}; Node ${info.node}; commit ${info.commit ?? 'unknown'}`;
  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function' ? '--expose-gc ' : '';
  const command = `node ${gc}scripts/dist/run-benchmarks.js kernels --before ${argv.before} --runs ${argv.runs}`;
  const markdown = formatKernelReport({ result, labels, command, machine, date: today });
  mkdirSync(argv.out, { recursive: true });
  writeFileSync(join(argv.out, 'report.json'), `${JSON.stringify({ date: today, command, machine: info, result }, null, 2)}\n`);
  writeFileSync(join(argv.out, 'report.md'), markdown);
  process.stdout.write(markdown);
  return 0;
}
