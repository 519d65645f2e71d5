import { resolve } from 'node:path';
import { formatDate, WfError } from '@wf/engine';
import { parseArtifactPolicy, runOptimization, STRATEGY_NAMES } from '@wf/optimizer';
import type { RunOptimizationOptions } from '@wf/optimizer';
import { createLogger, LOG_LEVELS } from '../createLogger.js';
import { createParser } from '../createParser.js';
import { formatTable } from '../formatTable.js';
import { checkQueueFlags, QUEUE_NAME_DEFAULT } from '../queueFlags.js';
import { repoRoot } from '../repoRoot.js';
import { createSweepProgress } from './createSweepProgress.js';

/** A parser with every wf-optimize flag (wf-optimize itself, and `wf-bench sweep` which adds its baseline flags). */
export function optimizeParser(name: string, usage: string, args?: readonly string[]) {
  return createParser(name, usage, args)
    .option('config', { type: 'string', default: resolve(repoRoot, 'manifests/sample.yaml'), describe: 'walk-forward config (YAML): data, universe, portfolio, objective, factor spaces' })
    .option('factor', { type: 'string', demandOption: true, describe: 'factor id to optimise' })
    .option('space', { type: 'string', describe: "space file (YAML or JSON: lists, {min,max,step}, {min,max,count,scale: log}, portfolio settings); default: the factor's space in the config" })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('start', { type: 'string', describe: 'first realized day YYYY-MM-DD (default: the first post-warm-up day)' })
    .option('end', { type: 'string', describe: 'last realized day YYYY-MM-DD (default: the last date)' })
    .option('strategy', { choices: STRATEGY_NAMES, default: 'grid' as const, describe: 'grid (protocol order), random (seeded) or tpe (adaptive)' })
    .option('budget', { type: 'number', describe: 'most candidates to process (default: the whole grid for grid, 100 for random and tpe)' })
    .option('seed', { type: 'number', default: 42, describe: 'seed of random and tpe' })
    .option('workers', { type: 'number', default: 1, describe: 'worker threads (0 = evaluate in this thread, no timeouts)' })
    .option('timeout-ms', { type: 'number', describe: 'per-candidate time limit; a candidate over it is recorded as TIMEOUT (needs --workers >= 1)' })
    .option('stall-timeout', { type: 'number', describe: 'replace a worker that reports nothing (no result, no engine stage) for this many seconds; its candidate is recorded as TIMEOUT (needs --workers >= 1)' })
    .option('candidate-memory-mb', { type: 'number', describe: "each worker thread's V8 heap limit in MB; a candidate over it is recorded as MEMORY and the worker replaced (needs --workers >= 1)" })
    .option('artifacts', { type: 'string', default: 'none', describe: 'daily artifacts kept: none | top:N | all' })
    .option('checkpoint-interval', { type: 'number', default: 50, describe: 'candidates between checkpoints' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue the sweep in --out, skipping processed candidates' })
    .option('force', { type: 'boolean', default: false, describe: "start over in a non-empty --out (the sweep's files are removed)" })
    .option('out', { type: 'string', demandOption: true, describe: 'output folder' })
    .option('run-date', { type: 'string', describe: "the run's date YYYY-MM-DD: first_seen of new rows in the config's trial ledger (default: today's UTC date)" })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'binary panel cache folder' })
    .option('launcher', { choices: ['local', 'bullmq'] as const, default: 'local' as const, describe: 'where candidates are evaluated: here, or in chunks on a BullMQ queue taken by wf-worker processes (--redis-url; --workers threads on each)' })
    .option('redis-url', { type: 'string', describe: 'Redis of the BullMQ queue (redis://host:port), with --launcher bullmq' })
    .option('queue', { type: 'string', default: QUEUE_NAME_DEFAULT, describe: "the BullMQ queue's name, with --launcher bullmq (the workers' --queue)" })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (logs go to stderr)' });
}

export type OptimizeArgv = Awaited<ReturnType<ReturnType<typeof optimizeParser>['parseAsync']>>;

/**
 * The wf-optimize job for parsed flags: runs `runOptimization` (with `implementation`, the
 * sweep parts a benchmark swaps in; absent = the product's), logs to stderr and prints the
 * summary and the top table to stdout. Resolves to the exit code.
 */
export async function runOptimizeCommand(argv: OptimizeArgv, implementation?: RunOptimizationOptions['implementation']): Promise<number> {
  for (const [flag, value] of Object.entries(argv)) {
    if (Array.isArray(value) && flag !== '_') throw new WfError('CLI_USAGE', `--${flag} given more than once (see --help)`);
  }
  await checkQueueFlags({ launcher: argv.launcher, redisUrl: argv['redis-url'] });
  const logger = createLogger(argv['log-level']);
  const redisUrl = argv['redis-url'];
  const createExecutor =
    redisUrl === undefined ? undefined : (await import('@wf/queue')).bullmqSweepExecutorFactory({ redisUrl, queueName: argv.queue, onEvent: ({ type, ...fields }) => logger.warn(fields, type) });
  const progress = createSweepProgress(logger);
  try {
    const result = await runOptimization({
      configPath: resolve(argv.config),
      factorId: argv.factor,
      pricesDir: argv.prices === undefined ? null : resolve(argv.prices),
      spacePath: argv.space === undefined ? null : resolve(argv.space),
      start: argv.start ?? null,
      end: argv.end ?? null,
      cacheDir: resolve(argv['cache-dir']),
      strategy: argv.strategy,
      budget: argv.budget ?? (argv.strategy === 'grid' ? null : 100),
      seed: argv.seed,
      workers: argv.workers,
      timeoutMs: argv['timeout-ms'] ?? null,
      candidateMemoryMb: argv['candidate-memory-mb'] ?? null,
      stallTimeoutMs: argv['stall-timeout'] === undefined ? null : Math.round(argv['stall-timeout'] * 1000),
      artifacts: parseArtifactPolicy(argv.artifacts),
      checkpointInterval: argv['checkpoint-interval'],
      outDir: resolve(argv.out),
      resume: argv.resume,
      force: argv.force,
      runDate: argv['run-date'] ?? null,
      ...(createExecutor === undefined ? {} : { createExecutor }),
      ...(implementation === undefined ? {} : { implementation }),
      onStage: (event) => logger.info(event, event.stage),
      onCacheRecovery: (recovery) => logger.warn(recovery, 'cache entry corrupt'),
      onProgress: (t) => progress.onProgress(t),
      onHeartbeat: (t) => progress.onHeartbeat(t),
    });
    progress.stop();
    const { panel } = result.context;
    const { telemetry: t } = result;
    const f = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');
    const { start, end } = result.segment;
    process.stdout.write(
      `${argv.factor}: ${t.candidates} candidates (${t.evaluated} evaluated, ${t.resumed} resumed, ${t.pruned} pruned, ${t.duplicates} duplicates, ` +
        `${t.rejected} rejected, ${t.errors} errors, ${t.timeouts} timeouts, ${t.overMemory} over memory), ${formatDate(panel.dates[start] ?? 0)} to ${formatDate(panel.dates[end] ?? 0)}; ` +
        `results in ${result.outDir}` +
        (result.ledgerAppended === null ? '' : `; ${result.ledgerAppended} new trials recorded in ${result.config.ledger ?? ''}`) +
        '\n\n',
    );
    process.stdout.write(
      formatTable(
        ['rank', 'params', 'portfolio', 'objective', 'sharpe', 'ann_return', 'max_dd', 'mean_ic', 'turnover'],
        result.top.map((e) => [
          String(e.rank),
          e.params,
          e.portfolio === '' ? '-' : e.portfolio,
          f(e.objective, 4),
          f(e.metrics.sharpe, 2),
          f(e.metrics.annReturn, 4),
          f(e.metrics.maxDrawdown, 4),
          f(e.metrics.meanIc, 4),
          f(e.metrics.turnover, 3),
        ]),
      ),
    );
    return 0;
  } finally {
    progress.stop();
    logger.flush();
  }
}
