#!/usr/bin/env node
/**
 * wf-summarize (`npm run summarize`): a quick in-sample look at a market before a gate run.
 * Generates the seeded sample market if it is absent (default manifest only), loads it
 * through the binary panel cache and prints the engine's evaluation of every factor of the
 * manifest over the post-warm-up period (fixed params, or the first of each swept value).
 */
import { resolve } from 'node:path';
import { formatDate, summarizeFactorsOnMarket } from '@wf/engine';
import { createLogger, LOG_LEVELS } from './createLogger.js';
import { createParser } from './createParser.js';
import { formatTable } from './formatTable.js';
import { repoRoot } from './repoRoot.js';
import { runCli } from './runCli.js';

runCli('wf-summarize', async () => {
  const argv = await createParser('wf-summarize', '$0 [options]\n\nEvaluates every factor of a manifest over its market (generating the sample market if absent).')
    .option('config', { type: 'string', default: resolve(repoRoot, 'manifests/sample.yaml'), describe: 'config manifest (YAML)' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'binary panel cache folder' })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (logs go to stderr)' })
    .parseAsync();
  const logger = createLogger(argv['log-level']);
  const summary = await summarizeFactorsOnMarket({
    configPath: resolve(argv.config),
    pricesDir: argv.prices === undefined ? null : resolve(argv.prices),
    cacheDir: resolve(argv['cache-dir']),
    generateSampleIfMissing: argv.prices === undefined && resolve(argv.config) === resolve(repoRoot, "manifests/sample.yaml"),
    onProgress: (event) => logger.info(event, event.stage),
    onCacheRecovery: (recovery) => logger.warn(recovery, 'cache entry corrupt'),
  });
  const { panel } = summary.context;
  process.stdout.write(
    `market: ${panel.nSymbols} symbols x ${panel.nDates} dates (${formatDate(panel.dates[0] ?? 0)} to ${formatDate(panel.dates[panel.nDates - 1] ?? 0)}), ` +
      `evaluated ${formatDate(panel.dates[summary.segment.start] ?? 0)} to ${formatDate(panel.dates[summary.segment.end] ?? 0)}\n\n`,
  );
  const f = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  process.stdout.write(
    formatTable(
      ['factor', 'params', 'sharpe', 'ann_return', 'max_dd', 'mean_ic', 'ic_tstat', 'turnover', 'universe'],
      summary.results.map((r) => [
        r.factor,
        r.paramsText,
        f(r.metrics.sharpe, 2),
        f(r.metrics.annReturn, 4),
        f(r.metrics.maxDrawdown, 4),
        f(r.metrics.meanIc, 4),
        f(r.metrics.icTstat, 2),
        f(r.metrics.turnover, 3),
        f(r.metrics.universeMean, 1),
      ]),
    ),
  );
  logger.flush();
  return 0;
});
