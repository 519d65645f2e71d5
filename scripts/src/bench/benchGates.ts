/**
 * `wf-bench gates`: wall time of the whole nightly gate (`wf-gates` processes) on a config:
 * 1 vs 2 shards, and the full run cold and warm. Thin command over `benchmarkGates` from
 * @wf/bench; writes report.json and report.md to analysis/perf_benchmarks/<date>-gates/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkGates, formatGatesBenchMarkdown } from '@wf/bench';
import { createLogger, LOG_LEVELS } from '../createLogger.js';
import { createParser } from '../createParser.js';
import { repoRoot } from '../repoRoot.js';

export async function benchGates(args: readonly string[]): Promise<number> {
  const argv = await createParser('wf-bench gates', '$0 [options]\n\nBenchmarks wf-gates: 1 vs 2 shards, and the nightly run cold and warm.', args)
    .option('config', { type: 'string', default: resolve(repoRoot, 'manifests/sp500.yaml'), describe: 'gate config' })
    .option('prices', { type: 'string', default: resolve(repoRoot, '../shared/data/sp500-5yr/prices'), describe: 'prices folder' })
    .option('gates-script', { type: 'string', describe: 'the wf-gates script to measure (default: the bundled CLI, scripts/bundle/run-production-gates.js)' })
    .option('repeats', { type: 'number', default: 3, describe: 'measurements per scenario (median reported)' })
    .option('report-dir', { type: 'string', describe: 'default analysis/perf_benchmarks/<YYYY-MM-DD>-gates' })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (stderr)' })
    .parseAsync();
  const logger = createLogger(argv['log-level']);
  const config = resolve(argv.config);
  const prices = resolve(argv.prices);
  const gatesScript =
    argv['gates-script'] === undefined ? join(dirname(fileURLToPath(import.meta.url)), '../../bundle/run-production-gates.js') : resolve(argv['gates-script']);
  const report = await benchmarkGates({
    gatesScript,
    configPath: config,
    pricesDir: prices,
    workDir: join(tmpdir(), `wf-bench-gates-${process.pid}`),
    repeats: argv.repeats,
    onMeasurement: (scenario, wallMs) => logger.info({ scenario, wallMs: Math.round(wallMs) }, 'measured'),
  });
  const date = new Date().toISOString().slice(0, 10);
  const reportDir = resolve(argv['report-dir'] ?? join(repoRoot, 'analysis/perf_benchmarks', `${date}-gates`));
  const context = [
    `config: ${config}; prices: ${prices}; script: ${gatesScript}`,
    `date: ${date}; node ${process.version}; ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `${argv.repeats} measurements per scenario; wall time of a whole \`wf-gates\` process (spawn to exit: node start, config and data fingerprint, shard processes, merge, gate reports, 10 SVG charts, manifest)`,
  ];
  const markdown = formatGatesBenchMarkdown({ title: 'wf-gates benchmark (the nightly run)', context, report });
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, 'report.json'), `${JSON.stringify({ context, ...report }, null, 2)}\n`);
  writeFileSync(join(reportDir, 'report.md'), markdown);
  process.stdout.write(`${markdown}\nreport: ${reportDir}\n`);
  logger.flush();
  return 0;
}
