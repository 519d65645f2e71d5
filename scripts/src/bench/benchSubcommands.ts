import { benchEngine } from './benchEngine.js';
import { benchGates } from './benchGates.js';
import { benchKernels } from './benchKernels.js';
import { benchOptimizer } from './benchOptimizer.js';
import { benchSweep } from './benchSweep.js';
import { benchWalkForward } from './benchWalkForward.js';

/** The subcommands of wf-bench by name: each parses the arguments after its name and resolves to the exit code. */
export const BENCH_SUBCOMMANDS: Readonly<Record<string, { readonly run: (args: readonly string[]) => Promise<number>; readonly describe: string }>> = {
  engine: { run: benchEngine, describe: 'panel load (CSV vs binary cache) and full-panel factor evaluation' },
  kernels: { run: benchKernels, describe: 'factor kernels of two builds (--before <worktree>) on the full panel' },
  optimizer: { run: benchOptimizer, describe: 'a large in-process sweep, workers 1 vs 2, memoisation, checkpoint styles' },
  'walk-forward': { run: benchWalkForward, describe: 'wf-walk-forward: signal cache off vs cold vs warm' },
  gates: { run: benchGates, describe: 'wf-gates processes: 1 vs 2 shards, the nightly run cold and warm' },
  sweep: { run: benchSweep, describe: 'wf-optimize with the old styles selectable (run by the optimizer scenarios)' },
};

/** The subcommand list of `wf-bench --help`. */
export const SUBCOMMANDS_HELP = `\nOther benchmarks (see wf-bench <command> --help):\n${Object.entries(BENCH_SUBCOMMANDS)
  .map(([name, command]) => `  wf-bench ${name.padEnd(13)}${command.describe}`)
  .join('\n')}`;
