#!/usr/bin/env node
/**
 * wf-worker: a long-running worker for `wf-gates --launcher bullmq` and `wf-optimize
 * --launcher bullmq`. Thin CLI over `startShardWorker` from @wf/queue: takes shard jobs and
 * sweep chunks from the BullMQ queue on `--redis-url`; runs a shard with the engine code of a
 * local shard (runWalkForward) in a private folder, reports its heartbeats as job progress and
 * returns its files through Redis; evaluates a sweep chunk on a thread pool kept per sweep and
 * returns its outcomes. A job whose data fingerprint or code identity differ from this
 * worker's is refused with the reason.
 * SIGTERM or SIGINT: take no new job, finish the running ones, exit 0 (a second signal exits
 * at once; the unfinished job is then taken over by another worker through BullMQ's
 * stalled-job check). Logs (pino NDJSON) go to stderr.
 * Exit codes: 0 stopped by a signal; 2 bad flag or Redis unreachable at start.
 */
import { availableParallelism, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { WfError } from '@wf/engine';
import { DEFAULT_QUEUE_NAME, startShardWorker } from '@wf/queue';
import { createLogger, LOG_LEVELS } from './createLogger.js';
import { createParser } from './createParser.js';
import { checkQueueFlags } from './queueFlags.js';
import { runCli } from './runCli.js';

runCli('wf-worker', async () => {
  const argv = await createParser(
    'wf-worker',
    '$0 --redis-url URL [options]\n\nTakes walk-forward shard jobs of `wf-gates --launcher bullmq` and sweep chunks of `wf-optimize --launcher bullmq` from a Redis queue, runs them and returns their files and outcomes.',
  )
    .option('redis-url', { type: 'string', demandOption: true, describe: 'Redis of the queue (redis://host:port)' })
    .option('queue', { type: 'string', default: DEFAULT_QUEUE_NAME, describe: "the queue's name (wf-gates --queue)" })
    .option('concurrency', { type: 'number', default: 1, describe: 'jobs run at once (each shard also uses its own worker threads)' })
    .option('name', { type: 'string', describe: "this worker's name in the run's manifest (default <host>:<pid>)" })
    .option('prices', { type: 'string', describe: "prices folder of this machine (default: the job's, or its config's data.prices)" })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: "this worker's cache folder (binary panels; signals and windows when the run uses the cache)" })
    .option('temp-dir', { type: 'string', default: tmpdir(), describe: 'parent of each job\'s private run folder (removed after the job)' })
    .option('max-result-mb', { type: 'number', default: 256, describe: "refuse a job whose files exceed this many MB (they travel through Redis)" })
    .option('lock-seconds', { type: 'number', default: 30, describe: "BullMQ lock of a running job: a worker that dies loses its job after this long" })
    .option('stalled-check-seconds', { type: 'number', default: 30, describe: 'how often this worker looks for jobs whose worker died, to run them again' })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (stderr)' })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();

  const positive = (flag: string, value: number, integer: boolean): void => {
    if (!(value > 0) || (integer && !Number.isInteger(value))) throw new WfError('CLI_USAGE', `--${flag} ${value} is invalid: expected ${integer ? 'an integer >= 1' : 'a number > 0'}`);
  };
  positive('concurrency', argv.concurrency, true);
  positive('max-result-mb', argv['max-result-mb'], false);
  positive('lock-seconds', argv['lock-seconds'], false);
  positive('stalled-check-seconds', argv['stalled-check-seconds'], false);
  await checkQueueFlags({ launcher: 'bullmq', redisUrl: argv['redis-url'] });
  const logger = createLogger(argv['log-level']);
  const worker = await startShardWorker({
    redisUrl: argv['redis-url'],
    queueName: argv.queue,
    concurrency: argv.concurrency,
    ...(argv.name === undefined ? {} : { name: argv.name }),
    tempDir: resolve(argv['temp-dir']),
    cacheDir: resolve(argv['cache-dir']),
    pricesDir: argv.prices === undefined ? null : resolve(argv.prices),
    maxResultBytes: Math.round(argv['max-result-mb'] * 1024 * 1024),
    lockDurationMs: Math.round(argv['lock-seconds'] * 1000),
    stalledIntervalMs: Math.round(argv['stalled-check-seconds'] * 1000),
    onEvent: (event) => {
      const { type, ...fields } = event;
      if (type === 'job failed' || type === 'queue error') logger.warn(fields, type);
      else logger.info(fields, type);
    },
  });
  logger.info({ worker: worker.name, cores: availableParallelism() }, 'worker started');
  const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
    process.once('SIGTERM', () => resolveSignal('SIGTERM'));
    process.once('SIGINT', () => resolveSignal('SIGINT'));
  });
  logger.info({ signal }, 'stopping: finishing running jobs');
  const again = (): void => {
    logger.warn({}, 'stopped before its job finished: another worker takes the job over');
    logger.flush();
    process.exit(2);
  };
  process.once('SIGTERM', again);
  process.once('SIGINT', again);
  await worker.close();
  logger.info({}, 'worker stopped');
  logger.flush();
  return 0;
});
