import { CHECKPOINT_STYLES, EXECUTOR_KINDS, sweepImplementation, TIMEOUT_STYLES } from '@wf/bench';
import { optimizeParser, runOptimizeCommand } from '../optimizer/runOptimizeCommand.js';

/**
 * `wf-bench sweep`: wf-optimize with the old implementation styles kept as benchmark
 * baselines (@wf/bench, baselines/). The optimizer scenarios of the report run every
 * variant, old or current, through this command, so each group differs only in its mode
 * flags. results.ndjson and top.json are the same in every mode.
 */
export async function benchSweep(args: readonly string[]): Promise<number> {
  const argv = await optimizeParser('wf-bench sweep', '$0 --factor ID --out DIR [options]\n\nwf-optimize, with the old styles of its parts selectable as benchmark baselines.', args)
    .option('checkpoint-style', { choices: CHECKPOINT_STYLES, default: 'append' as const, describe: 'append one line per candidate, or full-rewrite the results file at each checkpoint (old style)' })
    .option('timeouts', { choices: TIMEOUT_STYLES, default: 'watchdog' as const, describe: 'one watchdog for the pool, or per-candidate-pool: a fresh worker and timer per candidate (old style)' })
    .option('executor', { choices: EXECUTOR_KINDS, default: 'threads' as const, describe: 'worker threads over shared memory, or child processes with copied arrays (old style)' })
    .option('memo', { choices: ['on', 'off'] as const, default: 'on' as const, describe: 'memoise score matrices (off: recompute per candidate)' })
    .group(['checkpoint-style', 'timeouts', 'executor', 'memo'], 'Implementation modes (old styles kept as benchmark baselines; results.ndjson and top.json are the same in every mode):')
    .parseAsync();
  const implementation = sweepImplementation({ checkpointStyle: argv['checkpoint-style'], timeouts: argv.timeouts, executor: argv.executor, memoize: argv.memo === 'on' }, argv.workers);
  return runOptimizeCommand(argv, implementation);
}
