#!/usr/bin/env node
/**
 * wf-walk-forward: one walk-forward shard (or a whole run by hand). Thin CLI over
 * `runWalkForward` from @wf/walk-forward: parses flags, logs the run's events (pino NDJSON
 * to <out>/run.log and stderr) and prints a one-line result on stdout.
 * Exit codes: 0 done; 2 bad flag, config, factor, shard, output folder or data.
 */
import { join, resolve } from 'node:path';
import { RUN_LOG_FILE, runWalkForward } from '@wf/walk-forward';
import { LOG_LEVELS } from './createLogger.js';
import { createParser } from './createParser.js';
import { runCli } from './runCli.js';
import { createRunLogger } from './walkForward/createRunLogger.js';

runCli('wf-walk-forward', async () => {
  const argv = await createParser(
    'wf-walk-forward',
    '$0 --config FILE --out DIR [options]\n\nWalk-forward validation of a config\'s factors (or one shard of them): per window, select params on train, evaluate on test, append rows.',
  )
    .option('config', { type: 'string', demandOption: true, describe: 'walk-forward config (YAML, PROTOCOL section 10)' })
    .option('out', { type: 'string', demandOption: true, describe: 'output folder of this shard (refused when not empty, unless --resume or --force)' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('factors', { type: 'string', describe: 'comma-separated factor ids to run (default: all of the config)' })
    .option('shard-index', { type: 'number', default: 0, describe: 'this shard, 0..shard-count-1' })
    .option('shard-count', { type: 'number', default: 1, describe: 'number of shards the factors are split over (by cost)' })
    .option('use-cache', { type: 'boolean', default: false, describe: 'read and write computed signals in the signal cache' })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'cache folder (binary panels always; signals with --use-cache)' })
    .option('refresh-cache', { type: 'boolean', default: false, describe: 'recompute and overwrite cache entries' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted run in --out, skipping finished windows' })
    .option('force', { type: 'boolean', default: false, describe: "overwrite --out's walk-forward files" })
    .option('engine-reuse', { type: 'boolean', default: true, describe: 'one engine per factor across windows (--no-engine-reuse: rebuild per window)' })
    .option('heartbeat-every', { type: 'number', default: 1, describe: 'a heartbeat log line every N windows' })
    .option('heartbeat-seconds', { type: 'number', default: 30, describe: '... and after the first window at least this many seconds after the last one' })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (run.log and stderr)' })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();

  const outDir = resolve(argv.out);
  const { logger, close } = createRunLogger({ level: argv['log-level'], logFile: join(outDir, RUN_LOG_FILE) });
  try {
    const result = await runWalkForward({
      configPath: resolve(argv.config),
      outDir,
      pricesDir: argv.prices === undefined ? null : resolve(argv.prices),
      factorIds: argv.factors === undefined ? null : argv.factors.split(',').map((id) => id.trim()).filter((id) => id !== ''),
      shardIndex: argv['shard-index'],
      shardCount: argv['shard-count'],
      useCache: argv['use-cache'],
      cacheDir: resolve(argv['cache-dir']),
      refreshCache: argv['refresh-cache'],
      resume: argv.resume,
      force: argv.force,
      engineReuse: argv['engine-reuse'],
      heartbeatEvery: argv['heartbeat-every'],
      heartbeatSeconds: argv['heartbeat-seconds'],
      onEvent: (event) => {
        const { type, ...fields } = event;
        if (type === 'cache entry corrupt') logger.warn(fields, type);
        else logger.info(fields, type);
      },
    });
    process.stdout.write(
      `shard ${result.state.shardIndex}/${result.state.shardCount}: ${result.unitsRun} windows run, ${result.unitsResumed} resumed, ` +
        `factors ${result.state.factors.join(',') || '(none)'} -> ${outDir}\n`,
    );
    return 0;
  } finally {
    logger.flush();
    close();
  }
});
