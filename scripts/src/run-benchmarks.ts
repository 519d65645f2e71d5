#!/usr/bin/env node
/**
 * wf-bench: the one benchmark entry. Without a subcommand, the performance report
 * (bench/benchReport.ts: walk-forward, nightly and optimizer scenarios in real processes,
 * outputs compared); `wf-bench <command>` runs one of the focused benchmarks of
 * bench/benchSubcommands.ts (engine, kernels, optimizer, walk-forward, gates) or `sweep`,
 * the baseline-capable sweep the optimizer scenarios run. Thin CLI over @wf/bench.
 * Exit codes: 0 done (report: all outputs agree); 1 an output of the report differs;
 * 2 bad flag, bad config or a failure.
 */
import { hideBin } from 'yargs/helpers';
import { benchReport } from './bench/benchReport.js';
import { BENCH_SUBCOMMANDS } from './bench/benchSubcommands.js';
import { runCli } from './runCli.js';

const [first, ...rest] = hideBin(process.argv);
const subcommand = first !== undefined && Object.hasOwn(BENCH_SUBCOMMANDS, first) ? BENCH_SUBCOMMANDS[first] : undefined;
runCli(subcommand === undefined ? 'wf-bench' : `wf-bench ${first ?? ''}`, () => (subcommand === undefined ? benchReport(hideBin(process.argv)) : subcommand.run(rest)));
