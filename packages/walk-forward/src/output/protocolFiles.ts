/**
 * The CSV files a walk-forward shard writes into its output folder, with their headers.
 * `walk_forward_summary.csv` and `universe_audit.csv` are PROTOCOL section 9 files;
 * `oos_daily.csv` and `candidates.csv` hold the stitched inputs of sections 8 and 8b (test
 * daily R and IC per window; each window's candidates' train daily Sharpe and, in
 * `test_returns`, their daily net R on the test segment joined by `;`: pbo's matrix M), and
 * `oos_gaps.csv` the listed symbol-days and gaps over the test signal dates (oos_gap_frac),
 * so the gate orchestrator can compute `gate_report.csv` after merging shards. All five are
 * protocol outputs: byte-identical across shard counts, caches, engine reuse and resume.
 *
 * Array order is the commit order of one (factor, window) unit: its rows are appended to
 * these files in this order, and the summary row comes last, so a unit is complete exactly
 * when its summary row is present.
 */
export const PROTOCOL_FILES = [
  {
    name: 'oos_daily.csv',
    columns: ['factor', 'window', 'date', 'return', 'ic'],
  },
  {
    name: 'candidates.csv',
    columns: ['factor', 'window', 'candidate', 'params', 'is_objective', 'train_daily_sharpe', 'test_returns'],
  },
  {
    name: 'oos_gaps.csv',
    columns: ['factor', 'window', 'listed_symbol_days', 'gap_symbol_days'],
  },
  {
    name: 'universe_audit.csv',
    columns: [
      'factor',
      'window',
      'segment',
      'start',
      'end',
      'symbols',
      'eligible_mean',
      'eligible_min',
      'eligible_max',
      'scored_mean',
      'excluded_no_price',
      'excluded_history',
      'excluded_price',
      'excluded_liquidity',
      'excluded_rank',
    ],
  },
  {
    name: 'walk_forward_summary.csv',
    columns: [
      'factor',
      'window',
      'train_start',
      'train_end',
      'test_start',
      'test_end',
      'params',
      'candidates',
      'objective',
      'is_objective',
      'oos_days',
      'oos_total_return',
      'oos_ann_return',
      'oos_ann_vol',
      'oos_sharpe',
      'oos_max_drawdown',
      'oos_turnover',
      'oos_hit_rate',
      'oos_mean_ic',
      'oos_ic_tstat',
      'oos_universe_mean',
    ],
  },
] as const;

export type ProtocolFileName = (typeof PROTOCOL_FILES)[number]['name'];

export const SUMMARY_FILE = 'walk_forward_summary.csv';
export const AUDIT_FILE = 'universe_audit.csv';
export const OOS_DAILY_FILE = 'oos_daily.csv';
export const CANDIDATES_FILE = 'candidates.csv';
export const OOS_GAPS_FILE = 'oos_gaps.csv';
/** Run identity written next to the CSVs; lets `--resume` refuse a different config. */
export const RUN_STATE_FILE = 'run.json';
/** The CLI's NDJSON log; appended across runs, never a protocol output. */
export const RUN_LOG_FILE = 'run.log';

/** The columns of a protocol file. */
export function protocolColumns(name: ProtocolFileName): readonly string[] {
  const file = PROTOCOL_FILES.find((entry) => entry.name === name);
  return file === undefined ? [] : file.columns;
}
