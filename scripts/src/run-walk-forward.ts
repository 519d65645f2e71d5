#!/usr/bin/env node
/**
 * wf-walk-forward: one walk-forward shard (or a whole run by hand). Thin CLI over
 * `runWalkForward` from @wf/walk-forward: parses flags, logs the run's events (pino NDJSON
 * to <out>/run.log and stderr) and prints a one-line result on stdout. The shard runs the
 * factors it is given (`--factors`, as wf-gates gives them); only by hand, `--shard-index i
 * --shard-count n` without `--factors` asks @wf/gates' planShardFactors for shard i's part
 * of wf-gates' split, once, before the run.
 * Exit codes: 0 done; 2 bad flag, config, factor, shard, output folder or data.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { isWfError, WfError } from '@wf/engine';
import { planShardFactors, STANDBY_FLAG, STANDBY_JOB } from '@wf/gates';
import { hideBin } from 'yargs/helpers';
import { memoryLimitOf, RUN_LOG_FILE, runWalkForward, ShardOrphanedError } from '@wf/walk-forward';
import { LOG_LEVELS } from './createLogger.js';
import { createParser } from './createParser.js';
import { runCli } from './runCli.js';
import { createRunLogger } from './walkForward/createRunLogger.js';

runCli('wf-walk-forward', async () => {
  const argv = await createParser(
    'wf-walk-forward',
    '$0 --config FILE --out DIR [options]\n\nWalk-forward validation of a config\'s factors (or one shard of them): per window, select params on train, evaluate on test, append rows.',
    await commandLine(),
  )
    .option('config', { type: 'string', demandOption: true, describe: 'walk-forward config (YAML, PROTOCOL section 10)' })
    .option('out', { type: 'string', demandOption: true, describe: 'output folder of this shard (refused when not empty, unless --resume or --force)' })
    .option('prices', { type: 'string', describe: "prices folder; overrides the config's data.prices" })
    .option('factors', { type: 'string', describe: 'comma-separated factor ids to run (default: all of the config); wf-gates gives each shard its list' })
    .option('shard-index', { type: 'number', default: 0, describe: "this shard, 0..shard-count-1: with --factors a label (logs, run.json); without, runs shard I's factors of wf-gates' split" })
    .option('shard-count', { type: 'number', default: 1, describe: "shards of the run: with --factors a label; without (and above 1), the factors are split as wf-gates splits them, computed once here" })
    .option('use-cache', { type: 'boolean', default: false, describe: 'read and write computed signals in the signal cache' })
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'cache folder (binary panels always; signals with --use-cache)' })
    .option('refresh-cache', { type: 'boolean', default: false, describe: 'recompute and overwrite cache entries' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted run in --out, skipping finished windows' })
    .option('force', { type: 'boolean', default: false, describe: "overwrite --out's walk-forward files" })
    .option('workers', { type: 'number', describe: 'worker threads computing factors in parallel on one shared panel (default: cores, fewer when memory is short); the files are the same bytes for any number' })
    .option('max-memory-gb', { type: 'number', describe: "refuse (exit 2) a panel or a run whose estimated memory exceeds this many GB, before allocating it (default: the machine's memory, or its cgroup limit)" })
    .option('heartbeat-every', { type: 'number', default: 1, describe: 'a heartbeat log line every N windows' })
    .option('heartbeat-seconds', { type: 'number', default: 30, describe: '... and after the first window at least this many seconds after the last one' })
    .option('lock-wait', { type: 'number', default: 0, describe: "seconds to wait for another live process holding --out's lock (.lock) before refusing" })
    .option('run-lock', { type: 'string', describe: "the orchestrator's run lock file (set by wf-gates): the shard stops when it no longer holds --run-lock-token" })
    .option('run-lock-token', { type: 'string', describe: 'the token of --run-lock given by the orchestrator that started this shard' })
    .option('log-level', { choices: LOG_LEVELS, default: 'info' as const, describe: 'log level (run.log and stderr)' })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();

  if ((argv['run-lock'] === undefined) !== (argv['run-lock-token'] === undefined)) {
    throw new WfError('CLI_USAGE', '--run-lock and --run-lock-token go together (see --help)');
  }
  if (!(argv['lock-wait'] >= 0)) throw new WfError('CLI_USAGE', `--lock-wait ${argv['lock-wait']} is invalid: expected a number of seconds >= 0`);
  const maxMemoryGb = argv['max-memory-gb'];
  if (maxMemoryGb !== undefined && !(maxMemoryGb > 0)) throw new WfError('CLI_USAGE', `--max-memory-gb ${maxMemoryGb} is invalid: expected a number of GB > 0`);
  const outDir = resolve(argv.out);
  const configPath = resolve(argv.config);
  const pricesDir = argv.prices === undefined ? null : resolve(argv.prices);
  const cacheDir = resolve(argv['cache-dir']);
  const factorIds =
    argv.factors !== undefined
      ? argv.factors.split(',').map((id) => id.trim()).filter((id) => id !== '')
      : argv['shard-count'] === 1
        ? null
        : await planShardFactors({ configPath, pricesDir, cacheDir, refreshCache: argv['refresh-cache'], shardIndex: argv['shard-index'], shardCount: argv['shard-count'] });
  const { logger, close } = createRunLogger({ level: argv['log-level'], logFile: join(outDir, RUN_LOG_FILE) });
  const orphaned = watchParent({ orchestrated: argv['run-lock'] !== undefined });
  try {
    const result = await runWalkForward({
      configPath,
      outDir,
      pricesDir,
      factorIds,
      shardIndex: argv['shard-index'],
      shardCount: argv['shard-count'],
      useCache: argv['use-cache'],
      cacheDir,
      refreshCache: argv['refresh-cache'],
      resume: argv.resume,
      force: argv.force,
      workers: argv.workers ?? availableParallelism(),
      lowerWorkersToFit: argv.workers === undefined,
      memoryLimit: memoryLimitOf(maxMemoryGb === undefined ? null : maxMemoryGb * 1024 ** 3),
      heartbeatEvery: argv['heartbeat-every'],
      heartbeatSeconds: argv['heartbeat-seconds'],
      lockWaitMs: argv['lock-wait'] * 1000,
      runLock: argv['run-lock'] === undefined || argv['run-lock-token'] === undefined ? null : { path: resolve(argv['run-lock']), token: argv['run-lock-token'] },
      signal: orphaned.signal,
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
  } catch (error) {
    // Its stderr may have no reader left: the run log keeps why the shard stopped.
    if (error instanceof ShardOrphanedError) logger.warn({ outDir, reason: error.reason }, 'shard orphaned');
    // An unexpected error (a user factor that threw) with its stack: kept in run.log, and read
    // by wf-gates from stderr into its manifest and its output. A known failure (WfError) is
    // its one-line message, as for every CLI.
    else if (!isWfError(error)) logger.error({ error: describeFailure(error) }, 'shard failed');
    throw error;
  } finally {
    orphaned.stop();
    logger.flush();
    close();
  }
});

/**
 * The run's arguments: the command line's, except in a standby process (`--standby` alone,
 * started by wf-gates' LocalShardLauncher.warmUp with an IPC channel), which has loaded its
 * code and waits for its job's arguments (a STANDBY_JOB message) and then runs exactly as if
 * started with them. A standby whose channel closes before a job arrives (the orchestrator
 * finished or died) exits at once, having done nothing.
 */
async function commandLine(): Promise<string[]> {
  const args = hideBin(process.argv);
  if (args.length !== 1 || args[0] !== STANDBY_FLAG || process.send === undefined) return args;
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      const job = message as { type?: unknown; args?: unknown } | null;
      if (job?.type !== STANDBY_JOB || !Array.isArray(job.args) || !job.args.every((arg) => typeof arg === 'string')) return;
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      resolve(job.args as string[]);
    };
    const onDisconnect = (): void => process.exit(0);
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
  });
}

/**
 * Parent death, seen from the shard: Node has no prctl(PR_SET_PDEATHSIG), so a shard started
 * with an IPC channel (wf-gates' LocalShardLauncher) aborts when the channel disconnects,
 * which the kernel does the moment the orchestrator dies, SIGKILL included. An orchestrated
 * shard also polls its parent pid (reparenting changes it) in case it runs without the
 * channel. The run sees the abort at its next unit and appends nothing more. The channel is
 * unref'd: it must not keep a finished shard alive.
 */
function watchParent(options: { orchestrated: boolean }): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const abort = (reason: string): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onDisconnect = (): void => abort('the orchestrator that started this shard is gone (its IPC channel closed)');
  if (process.channel !== undefined) {
    process.on('disconnect', onDisconnect);
    process.channel.unref();
  }
  const parentPid = process.ppid;
  const poll = options.orchestrated
    ? setInterval(() => {
        if (process.ppid !== parentPid) abort(`the orchestrator that started this shard (pid ${parentPid}) is gone`);
      }, 250)
    : null;
  poll?.unref();
  return {
    signal: controller.signal,
    stop: () => {
      process.off('disconnect', onDisconnect);
      if (poll !== null) clearInterval(poll);
    },
  };
}

/** An unexpected error as a log field: name, message and stack. */
function describeFailure(error: unknown): { name: string; message: string; stack: string | null } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: null };
  return { name: error.name, message: error.message, stack: error.stack ?? null };
}
