/**
 * `wf-bench engine`: panel load (CSV vs binary cache, fresh processes) and full-panel factor
 * evaluation figures, written as report.json and report.md under analysis/perf_benchmarks/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatEngineReport, machineInfo, runEngineBenchmark } from '@wf/bench';
import { loadConfig } from '@wf/engine';
import { createParser } from '../createParser.js';
import { repoRoot } from '../repoRoot.js';

export async function benchEngine(args: readonly string[]): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const argv = await createParser('wf-bench engine', '$0 [options]\n\nMeasures panel loading and full-panel factor evaluation.', args)
    .option('config', { type: 'string', default: resolve(repoRoot, 'manifests/sp500.yaml'), describe: 'config for the universe and portfolio settings' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('runs', { type: 'number', default: 5, describe: 'measured runs per figure' })
    .option('label', { type: 'string', default: 'engine', describe: 'report label (part of the default folder name)' })
    .option('out', { type: 'string', describe: 'report folder (default analysis/perf_benchmarks/<date>-<label>)' })
    .parseAsync();
  const config = await loadConfig(resolve(argv.config));
  const pricesDir = argv.prices === undefined ? config.data.prices : resolve(argv.prices);
  const outDir = resolve(argv.out ?? join(repoRoot, 'analysis/perf_benchmarks', `${today}-${argv.label}`));
  const cacheDir = mkdtempSync(join(tmpdir(), 'wf-bench-engine-'));
  try {
    const result = await runEngineBenchmark({
      pricesDir,
      cacheDir,
      runs: argv.runs,
      universe: config.universe,
      portfolio: config.portfolio,
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    const machine = machineInfo(repoRoot);
    const command = `wf-bench engine --runs ${argv.runs}`;
    const targets = { cacheLoadMs: 100, factorEvaluationMs: 60 };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify({ label: argv.label, date: today, command, machine, targets, result }, null, 2)}\n`);
    const markdown = formatEngineReport({ result, machine, command, label: argv.label, date: today, targets });
    writeFileSync(join(outDir, 'report.md'), markdown);
    process.stdout.write(markdown);
    return 0;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
