/** What `--help` shows below the flags of each CLI: examples and exit codes (one vocabulary across tools). */
export type CliHelp = {
  readonly examples: readonly (readonly [command: string, meaning: string])[];
  readonly exitCodes: string;
  /** What to do after Ctrl-C, printed with the interruption (null: nothing to resume). */
  readonly resumeHint?: string | null;
};

const STANDARD_EXIT = 'Exit codes: 0 done; 2 bad input (flag, config, data, output folder) or a failed run, with one line on stderr naming the cause.';

const HELP: Record<string, CliHelp> = {
  'wf-gates': {
    examples: [
      ['$0 --config manifests/sample.yaml', 'the nightly gate on the bundled sample market (what npm start runs)'],
      ['$0 --config ../shared/configs/sp500-nightly.yaml --use-cache --out runs/tonight', 'a nightly run that reuses yesterday\'s signals and windows'],
      ['$0 --config cfg.yaml --out runs/tonight --resume', 'continue a killed or interrupted run'],
    ],
    exitCodes: 'Exit codes: 0 every factor passes its gates; 1 a gate failed (the run itself succeeded); 2 the run failed or was refused (bad flag, config, freeze, data, output folder, a shard that failed every attempt, interrupted), with one line on stderr.',
  },
  'wf-walk-forward': {
    examples: [
      ['$0 --config ../shared/configs/sp500-nightly.yaml --out runs/wf', 'every factor of the config, one shard'],
      ['$0 --config cfg.yaml --out runs/wf --resume', 'continue an interrupted run'],
    ],
    exitCodes: `${STANDARD_EXIT} Interrupted (Ctrl-C): 130; rerun with --resume.`,
    resumeHint: 'finished windows are kept: rerun with the same flags and --resume to continue',
  },
  'wf-optimize': {
    examples: [
      ['$0 --factor reversal --strategy tpe --budget 200 --workers 2 --out runs/opt', 'an adaptive sweep of the sample config\'s reversal space'],
      ['$0 --factor reversal --out runs/opt --resume', 'continue an interrupted sweep'],
    ],
    exitCodes: `${STANDARD_EXIT} Interrupted (Ctrl-C): 130, after the last checkpoint; rerun with --resume.`,
    resumeHint: 'the results up to the last checkpoint are kept: rerun with the same flags and --resume to continue',
  },
  'wf-cache': {
    examples: [
      ['$0 stats --cache-dir .wf-cache', 'what the cache holds, by kind'],
      ['$0 prune --max-gb 2 --dry-run', 'what a prune would remove'],
    ],
    exitCodes: 'Exit codes: 0 done; 1 verify found corrupt entries; 2 bad input, with one line on stderr.',
  },
  'wf-worker': {
    examples: [['$0 --redis-url redis://queue-host:6379 --concurrency 1', 'take shard and sweep jobs from the default queue']],
    exitCodes: 'Exit codes: 0 stopped by SIGTERM or SIGINT after its job; 2 bad input or Redis unreachable, with one line on stderr.',
  },
  'wf-ledger': {
    examples: [['$0 --config ../shared/configs/sp500-nightly.yaml', "the trials of the config's ledger"]],
    exitCodes: STANDARD_EXIT,
  },
  'wf-summarize': { examples: [['$0 --config manifests/sample.yaml', 'every factor of the config over the whole period']], exitCodes: STANDARD_EXIT },
  'wf-make-sample-data': { examples: [['$0 --out data/big --symbols 5000 --days 5000', 'a 5,000 x 5,000 generated book']], exitCodes: STANDARD_EXIT },
  'wf-report': {
    examples: [['$0 runs/2026-12-02T01-00-00Z', "write gate_report.html of a finished run (q1..qQ through the run's cache)"]],
    exitCodes: 'Exit codes: 0 written; 2 not a finished gate run folder, or a file that cannot be read or written, with one line on stderr.',
  },
  'wf-export': {
    examples: [
      ['$0 runs/tonight', 'every table of a gate run as typed Parquet into runs/tonight/export/'],
      ['$0 runs/opt --format csv --out /tmp/sweep', "a sweep's results.ndjson as results.csv with one column per parameter"],
    ],
    exitCodes: 'Exit codes: 0 written; 2 bad flag, a folder with no table, a malformed value (file, line, column) or a write failure, with one line on stderr.',
  },
  'wf-dashboard': {
    examples: [
      ['$0 --runs runs', 'serve the run and sweep folders under runs/ on http://127.0.0.1:8377/'],
      ['$0 --runs runs --port 0', 'the same on any free port (printed)'],
    ],
    exitCodes: 'Exit codes: 0 stopped by SIGINT or SIGTERM; 2 bad flag, missing --runs folder or a port that cannot be bound, with one line on stderr.',
  },
};

/** The help extras of `name`; sub-tools (`wf-bench gates`) and unlisted ones get the standard exit codes. */
export function cliHelp(name: string): CliHelp & { readonly resumeHint: string | null } {
  const help = HELP[name] ?? { examples: [], exitCodes: STANDARD_EXIT };
  return { ...help, resumeHint: help.resumeHint ?? null };
}
