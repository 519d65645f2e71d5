#!/usr/bin/env node
/**
 * wf-gates: the nightly production gate. Thin CLI over `runProductionGates` from @wf/gates:
 * parses flags, runs the shards as local `wf-walk-forward` processes (`--launcher local`) or
 * as jobs on a BullMQ queue taken by `wf-worker` processes (`--launcher bullmq`), shows
 * progress on stderr, prints the verdict table on stdout.
 * Exit codes: 0 every factor passes; 1 a gate failed; 2 the run failed (bad flag, config,
 * freeze, data, output folder, a shard that failed every attempt, interrupted).
 */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CACHE_MAX_GB, ensureSampleMarket } from '@wf/engine';
import { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_STALL_TIMEOUT_MS, formatVerdictTable, LocalShardLauncher, runProductionGates } from '@wf/gates';
import { createLogger, LOG_LEVELS } from './createLogger.js';
import { createParser } from './createParser.js';
import { checkQueueFlags, QUEUE_NAME_DEFAULT } from './queueFlags.js';
import { createGatesProgressView } from './gates/createGatesProgressView.js';
import { repoRoot } from './repoRoot.js';
import { runCli } from './runCli.js';

runCli('wf-gates', async () => {
  const argv = await createParser(
    'wf-gates',
    '$0 --config FILE [options]\n\nThe nightly production gate: walk-forward validation of every factor of a config in parallel shards, merged files, gate verdicts, reports and a manifest.',
  )
    .option('config', { type: 'string', demandOption: true, describe: 'gate config (a manifest under manifests/, YAML, PROTOCOL section 10)' })
    .option('out', { type: 'string', describe: 'run folder (default runs/<UTC timestamp>); refused when not empty unless --resume' })
    .option('shards', { alias: 'wf-shards', type: 'number', describe: "number of walk-forward shard processes, factors balanced by cost (default 1; with --resume, the run's)" })
    .option('max-parallel', { type: 'number', default: availableParallelism(), describe: 'at most this many shards at once (default: cores)' })
    .option('workers', { type: 'number', describe: 'worker threads per shard, sharing its panel (default: cores / shards running at once, at least 1)' })
    .option('max-memory-gb', { type: 'number', describe: "refuse a run whose estimated peak memory exceeds this many GB, saying what fits (default: the machine's memory)" })
    .option('retries', { type: 'number', default: 1, describe: 'extra attempts of a failed shard, each with --resume' })
    .option('shard-timeout', { type: 'number', describe: 'stop (and retry) a shard attempt after this many seconds' })
    .option('heartbeat-seconds', { type: 'number', default: DEFAULT_HEARTBEAT_SECONDS, describe: 'shards log a heartbeat at least this often while they make progress; silent for 3 of these, a shard is reported stalled' })
    .option('stall-timeout', { type: 'number', default: DEFAULT_STALL_TIMEOUT_MS / 1000, describe: 'stop and retry (with --resume) a shard silent for this many seconds; 0: never' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('use-cache', { type: 'boolean', default: false, describe: 'shards read and write computed signals in the signal cache' })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'cache folder shared by all shards (binary panels always; signals with --use-cache)' })
    .option('refresh-cache', { type: 'boolean', default: false, describe: 'recompute and overwrite cache entries' })
    .option('cache-max-gb', { type: 'number', default: DEFAULT_CACHE_MAX_GB, describe: 'after a finished run, prune --cache-dir to this size in GB (10^9 bytes), least recently used entries first; 0: no limit' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue the interrupted or failed run in --out' })
    .option('compare-to', { type: 'string', describe: "previous run folder for drift.csv (default: the parent folder's `latest` run of the same config)" })
    .option('shard-v8-threads', { choices: ['auto', 'on', 'off'] as const, default: 'auto' as const, describe: "V8 background threads in shard processes: auto turns them off when the parallel shards fill every core" })
    .option('run-date', { type: 'string', describe: "the run's date YYYY-MM-DD: first_seen of new trial ledger rows (default: today's UTC date)" })
    .option('parquet', { type: 'boolean', default: false, describe: 'also write every table of the run as typed Parquet into <out>/parquet/ (as wf-export)' })
    .option('write-freeze', { type: 'string', describe: 'write the factor set and its hashes to this freeze file (JSON)' })
    .option('launcher', { choices: ['local', 'bullmq'] as const, default: 'local' as const, describe: 'where shards run: local wf-walk-forward processes, or jobs on a BullMQ queue taken by wf-worker processes (--redis-url)' })
    .option('redis-url', { type: 'string', describe: 'Redis of the BullMQ queue (redis://host:port), with --launcher bullmq' })
    .option('queue', { type: 'string', default: QUEUE_NAME_DEFAULT, describe: "the BullMQ queue's name, with --launcher bullmq (the workers' --queue)" })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (logs and progress go to stderr)' })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();

  await checkQueueFlags({ launcher: argv.launcher, redisUrl: argv['redis-url'] });
  const configPath = resolve(argv.config);
  const outDir = resolve(argv.out ?? join('runs', new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')));
  if (argv.prices === undefined && configPath === resolve(repoRoot, 'manifests/sample.yaml')) {
    await ensureSampleMarket({ dir: resolve(repoRoot, 'data/sample') });
  }
  const logger = createLogger(argv['log-level']);
  const view = createGatesProgressView({ logger, tty: process.stderr.isTTY === true });
  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (stop.signal.aborted) return;
    stop.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Loaded only for a queue run: BullMQ and ioredis are half of the CLI bundle's code, and evaluating them costs every local run.
  const queued = argv['redis-url'] === undefined ? null : new (await import('@wf/queue')).BullmqShardLauncher({ redisUrl: argv['redis-url'], queueName: argv.queue });
  try {
    const result = await runProductionGates({
      configPath,
      outDir,
      launcher:
        queued ??
        new LocalShardLauncher({
          walkForwardScript: join(dirname(fileURLToPath(import.meta.url)), 'run-walk-forward.js'),
          v8BackgroundThreads: argv['shard-v8-threads'],
        }),
      shardCount: argv.shards ?? null,
      maxParallel: argv['max-parallel'],
      workers: argv.workers ?? null,
      maxMemoryBytes: argv['max-memory-gb'] === undefined ? null : argv['max-memory-gb'] * 1024 ** 3,
      retries: argv.retries,
      shardTimeoutMs: argv['shard-timeout'] === undefined ? null : argv['shard-timeout'] * 1000,
      heartbeatSeconds: argv['heartbeat-seconds'],
      stallTimeoutMs: argv['stall-timeout'] === 0 ? null : argv['stall-timeout'] * 1000,
      pricesDir: argv.prices === undefined ? null : resolve(argv.prices),
      useCache: argv['use-cache'],
      cacheDir: resolve(argv['cache-dir']),
      refreshCache: argv['refresh-cache'],
      cacheMaxBytes: argv['cache-max-gb'] === 0 ? null : Math.round(argv['cache-max-gb'] * 1e9),
      resume: argv.resume,
      compareTo: argv['compare-to'] === undefined ? null : resolve(argv['compare-to']),
      parquet: argv.parquet,
      writeFreezePath: argv['write-freeze'] === undefined ? null : resolve(argv['write-freeze']),
      runDate: argv['run-date'] ?? null,
      signal: stop.signal,
      progressEveryMs: process.stderr.isTTY === true ? 100 : 5000,
      onEvent: view.onEvent,
    });
    view.close();
    process.stdout.write(`${formatVerdictTable(result.rows)}report: ${join(outDir, 'gate_report.md')}\n`);
    return result.pass ? 0 : 1;
  } finally {
    await queued?.close();
    view.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    logger.flush();
  }
});
