/**
 * `wf-bench optimizer`: the @wf/optimizer benchmark on a real panel (default: the S&P 500 manifest)
 * written to analysis/perf_benchmarks/<date>-optimizer/report.{json,md}. Thin command over
 * `runOptimizerBenchmark` (@wf/bench). Run with `node --expose-gc` so memory is sampled after a GC.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatOptimizerBenchmarkMarkdown, runOptimizerBenchmark } from '@wf/bench';
import { createBuiltinRegistry, createMarketContext, formatDate, loadConfig, loadPanel } from '@wf/engine';
import { resolveSegment } from '@wf/optimizer';
import { createLogger } from '../createLogger.js';
import { createParser } from '../createParser.js';
import { repoRoot } from '../repoRoot.js';

export async function benchOptimizer(args: readonly string[]): Promise<number> {
  const argv = await createParser('wf-bench optimizer', '$0 [options]\n\nBenchmark the optimizer (sweep, workers, memoisation, checkpoints).', args)
    .option('config', { type: 'string', default: resolve(repoRoot, 'manifests/sp500.yaml'), describe: 'config (data, universe, portfolio)' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('start', { type: 'string', default: '2014-02-07', describe: 'first realized day of the benchmark segment' })
    .option('end', { type: 'string', default: '2015-02-06', describe: 'last realized day of the benchmark segment' })
    .option('sweep-candidates', { type: 'number', default: 10000, describe: 'candidates of the large sweep' })
    .option('speedup-candidates', { type: 'number', default: 2000, describe: 'candidates of the workers 1 vs 2 runs' })
    .option('memo-candidates', { type: 'number', default: 500, describe: 'candidates of the memoisation on/off runs' })
    .option('out', { type: 'string', describe: 'report folder (default analysis/perf_benchmarks/<today>-optimizer)' })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'binary panel cache folder' })
    .parseAsync();
  const logger = createLogger('info');
  const config = await loadConfig(resolve(argv.config));
  const loaded = await loadPanel({ pricesDir: argv.prices === undefined ? config.data.prices : resolve(argv.prices), marketCapsDir: config.data.marketCaps, calendarFile: config.data.calendar, cacheDir: resolve(argv['cache-dir']) });
  const context = createMarketContext({ panel: loaded.panel, dataFingerprint: loaded.fingerprint, universe: config.universe });
  const segment = resolveSegment({ panel: loaded.panel, start: argv.start, end: argv.end, defaultStart: config.windows.warmupDays });
  const space = {
    params: { lookback: { min: 20, max: 520, step: 5 }, skip: [0, 5, 10, 21] },
    portfolio: { holding_days: [1, 2, 5, 10, 21], cost_bps: [0, 5, 10, 20, 30] },
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  const report = await runOptimizerBenchmark({
    context,
    factor: createBuiltinRegistry().get('momentum'),
    portfolio: config.portfolio,
    segment,
    space,
    sweepCandidates: argv['sweep-candidates'],
    speedupCandidates: argv['speedup-candidates'],
    memoCandidates: argv['memo-candidates'],
    scratchDir: join(tmpdir(), `wf-bench-optimizer-${process.pid}`),
    onScenario: (name) => logger.info({ scenario: name }, 'scenario'),
    sampleMemory: () => {
      gc?.();
      const m = process.memoryUsage();
      return { heapUsedBytes: m.heapUsed, rssBytes: m.rss };
    },
  });
  const today = new Date().toISOString().slice(0, 10);
  const outDir = resolve(argv.out ?? join(repoRoot, 'analysis/perf_benchmarks', `${today}-optimizer`));
  mkdirSync(outDir, { recursive: true });
  const notes = [
    `Factor momentum; space lookback 20..520 step 5 x skip {0,5,10,21} x holding_days {1,2,5,10,21} x cost_bps {0,5,10,20,30} (grid order; 25 candidates share each score matrix).`,
    `Segment ${formatDate(loaded.panel.dates[segment.start] ?? 0)}..${formatDate(loaded.panel.dates[segment.end] ?? 0)} (one train window) rather than the whole period, to keep the 10,000-candidate sweep to about a minute; the score matrices are still computed over the full panel.`,
    `Memory sampled ${gc === undefined ? 'without' : 'after'} a forced GC at each thousand. Artifacts top:10; checkpoint every 50 candidates.`,
  ];
  writeFileSync(join(outDir, 'report.json'), JSON.stringify({ notes, ...report }, null, 2) + '\n');
  writeFileSync(join(outDir, 'report.md'), formatOptimizerBenchmarkMarkdown(report, notes));
  process.stdout.write(`wrote ${join(outDir, 'report.md')}\n`);
  logger.flush();
  return 0;
}
