/**
 * `wf-bench` (no subcommand): the performance report. Runs walk-forward, nightly and optimizer scenarios as real
 * child processes (one warm-up, then --runs measured runs each), checks that every
 * protocol output agrees where it must, and writes report.json, report.csv, report.md and
 * SVG charts to --out. Thin command over @wf/bench.
 * Exit codes: 0 all outputs agree; 1 an output differs (listed first in report.md);
 * 2 bad flag, bad config or a scenario process failed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchmarkReport } from '@wf/bench';
import {
  compareReports,
  formatBenchmarkCsv,
  formatBenchmarkMarkdown,
  machineInfo,
  optimizerScenarios,
  nightlyScenarios,
  queueScenarios,
  renderBenchmarkCharts,
  runBenchmarks,
  selectScenarios,
  walkForwardScenarios,
  writePlantedConfig,
} from '@wf/bench';
import { loadConfig, WfError } from '@wf/engine';
import { createParser } from '../createParser.js';
import { SUBCOMMANDS_HELP } from './benchSubcommands.js';
import { repoRoot } from '../repoRoot.js';

/** Sized for the S&P 500 panel on a one-year segment: each run takes seconds. */
const DEFAULT_BUDGETS = { artifacts: 300, checkpoint: 1000, timeouts: 16, executor: 300, memo: 50 };
const DEFAULT_SPACE = `# momentum: 101 lookbacks x 4 skips x 5 holding periods x 5 costs (25 candidates share each score matrix)
params: { lookback: { min: 20, max: 520, step: 5 }, skip: [0, 5, 10, 21] }
portfolio: { holding_days: [1, 2, 5, 10, 21], cost_bps: [0, 5, 10, 20, 30] }
`;

export async function benchReport(args: readonly string[]): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const argv = await createParser('wf-bench', '$0 [options]\n\nPerformance report: walk-forward, nightly and optimizer scenarios in real processes, outputs compared.\n' + SUBCOMMANDS_HELP, args)
    .option('config', { type: 'string', default: resolve(repoRoot, 'manifests/sp500.yaml'), describe: 'walk-forward config (YAML)' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('scenarios', { type: 'string', describe: 'comma list of scenario ids or groups (walk-forward, nightly, optimizer, optimizer-<group>, queue); default all but queue (it needs redis-server)' })
    .option('runs', { type: 'number', default: 5, describe: 'measured runs per scenario, after one warm-up run' })
    .option('label', { type: 'string', default: 'benchmarks', describe: 'report label (part of the default folder name)' })
    .option('out', { type: 'string', describe: 'report folder (default analysis/perf_benchmarks/<date>-<label>)' })
    .option('compare-to', { type: 'string', describe: 'a previous report.json: flag timing changes beyond the spread of the runs, and output changes on the same inputs' })
    .option('shards', { type: 'number', default: Math.max(2, availableParallelism()), describe: 'shard processes of the parallel walk-forward scenarios' })
    .option('workers', { type: 'number', default: 2, describe: 'worker threads (or processes) of the parallel optimizer scenarios' })
    .option('opt-factor', { type: 'string', default: 'momentum', describe: 'factor of the optimizer scenarios' })
    .option('opt-space', { type: 'string', describe: 'space file of the optimizer scenarios (default: a momentum space of 10,100 points in grid order)' })
    .option('opt-start', { type: 'string', describe: "first realized day of the optimizer segment (default: wf-optimize's)" })
    .option('opt-end', { type: 'string', describe: "last realized day of the optimizer segment (default: wf-optimize's)" })
    .option('opt-budget-scale', { type: 'number', default: 1, describe: `multiplies the candidates of each optimizer group (${Object.entries(DEFAULT_BUDGETS).map(([k, v]) => `${k} ${v}`).join(', ')})` })
    .option('next-night-days', { type: 'number', default: 63, describe: 'dates held back for the night-next scenario (one test window of the S&P nightly)' })
    .option('keep-scratch', { type: 'boolean', default: false, describe: 'keep the scratch folder (outputs and caches of every scenario)' })
    .option('plant-difference', { type: 'string', hidden: true, describe: 'test only: run this scenario on a config with other costs, to prove a difference is caught' })
    .parseAsync();
  const runs = argv.runs;
  if (!Number.isInteger(runs) || runs < 1) throw new WfError('CLI_USAGE', `--runs must be a positive integer, got ${runs}`);
  if (!Number.isInteger(argv.shards) || argv.shards < 1) throw new WfError('CLI_USAGE', `--shards must be a positive integer, got ${argv.shards}`);
  const configPath = resolve(argv.config);
  let configText: Buffer;
  try {
    configText = readFileSync(configPath);
  } catch (error) {
    throw new WfError('CLI_USAGE', `--config ${configPath} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const pricesDir = argv.prices === undefined ? null : resolve(argv.prices);
  const outDir = resolve(argv.out ?? join(repoRoot, 'analysis/perf_benchmarks', `${today}-${argv.label}`));
  const previous = argv['compare-to'] === undefined ? null : readReport(resolve(argv['compare-to']));
  const scratchDir = mkdtempSync(join(tmpdir(), 'wf-bench-'));
  const distDir = join(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const plantedConfig = join(scratchDir, 'planted-config.yaml');
    if (argv['plant-difference'] !== undefined) writePlantedConfig({ configPath, outPath: plantedConfig });
    const configFor = (id: string): string => (id === argv['plant-difference'] ? plantedConfig : configPath);
    let spacePath = argv['opt-space'] === undefined ? null : resolve(argv['opt-space']);
    if (spacePath === null) {
      spacePath = join(scratchDir, 'space.yaml');
      writeFileSync(spacePath, DEFAULT_SPACE);
    }
    const scale = argv['opt-budget-scale'];
    const budgets = Object.fromEntries(Object.entries(DEFAULT_BUDGETS).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as typeof DEFAULT_BUDGETS;
    const catalogue = [
      ...walkForwardScenarios({ script: join(distDir, 'run-walk-forward.js'), configFor, pricesDir, shards: argv.shards }),
      ...nightlyScenarios({
        gatesScript: join(repoRoot, 'scripts/bundle/run-production-gates.js'),
        nodePath: process.execPath,
        configFor,
        pricesDir: pricesDir ?? (await loadConfig(configPath)).data.prices,
        shards: argv.shards,
        nextNightDays: argv['next-night-days'],
      }),
      ...optimizerScenarios({
        command: [join(distDir, 'run-benchmarks.js'), 'sweep'],
        configFor,
        pricesDir,
        factor: argv['opt-factor'],
        spacePath,
        start: argv['opt-start'] ?? null,
        end: argv['opt-end'] ?? null,
        workers: argv.workers,
        budgets,
      }),
      // Only when named (`--scenarios queue`): they start redis-server and wf-worker processes.
      ...queueScenarios({
        gatesScript: join(repoRoot, 'scripts/bundle/run-production-gates.js'),
        workerScript: join(repoRoot, 'scripts/bundle/run-worker.js'),
        nodePath: process.execPath,
        configFor,
        pricesDir,
        shards: argv.shards,
      }),
    ];
    const names = argv.scenarios === undefined ? catalogue.filter((s) => s.group !== 'queue').map((s) => s.id) : argv.scenarios.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const scenarios = selectScenarios(catalogue, names);
    if (argv['plant-difference'] !== undefined) selectScenarios(catalogue, [argv['plant-difference']]);

    const result = await runBenchmarks({
      scenarios,
      runs,
      scratchDir,
      nodePath: process.execPath,
      onProgress: (e) => process.stderr.write(`${e.scenario} ${e.run === 0 ? 'warm-up' : `run ${e.run}/${e.runs}`}: ${(e.wallMs / 1000).toFixed(2)} s\n`),
    });
    const inputs = { config: configPath, configSha256: createHash('sha256').update(configText).digest('hex'), prices: pricesDir };
    const compared = previous === null ? { timingChanges: [], differences: [] } : compareReports({ scenarios: result.scenarios, inputs, previous: previous.report });
    const report: BenchmarkReport = {
      format: 1,
      label: argv.label,
      date: today,
      command: `wf-bench ${process.argv.slice(2).join(' ')}`,
      machine: machineInfo(repoRoot),
      inputs,
      settings: { shards: argv.shards, workers: argv.workers, optimizer: { factor: argv['opt-factor'], space: argv['opt-space'] === undefined ? DEFAULT_SPACE : spacePath, start: argv['opt-start'] ?? null, end: argv['opt-end'] ?? null, budgets } },
      runs,
      differences: [...result.differences, ...compared.differences],
      scenarios: result.scenarios,
      comparedTo: previous?.path ?? null,
      timingChanges: compared.timingChanges,
    };
    const charts = await renderBenchmarkCharts(report.scenarios);
    mkdirSync(outDir, { recursive: true });
    for (const chart of charts) writeFileSync(join(outDir, chart.file), chart.svg);
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(outDir, 'report.csv'), formatBenchmarkCsv(report.scenarios));
    const markdown = formatBenchmarkMarkdown(report, charts.map((c) => c.file));
    writeFileSync(join(outDir, 'report.md'), markdown);
    process.stdout.write(markdown);
    if (report.differences.length > 0) process.stderr.write(`wf-bench: ${report.differences[0]?.message ?? ''} (${report.differences.length} difference(s); see ${join(outDir, 'report.md')})\n`);
    return report.differences.length > 0 ? 1 : 0;
  } finally {
    if (!argv['keep-scratch']) rmSync(scratchDir, { recursive: true, force: true });
    else process.stderr.write(`scratch kept in ${scratchDir}\n`);
  }
}

function readReport(path: string): { path: string; report: BenchmarkReport } {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as BenchmarkReport;
    if (report.format !== 1 || !Array.isArray(report.scenarios)) throw new Error('not a wf-bench report.json (format 1)');
    return { path, report };
  } catch (error) {
    throw new WfError('CLI_USAGE', `--compare-to ${path}: ${(error as Error).message}`, { cause: error });
  }
}
