import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeOosSummary, evaluateGates } from '@wf/engine';
import type { GateEvaluation, GateThresholds, OosSummary, OosWindowInput } from '@wf/engine';
import { OutputDirError } from '../errors/OutputDirError.js';
import { csvText, formatNumber } from '../output/csvText.js';
import { parseCsvRecords } from '../output/parseCsvRecords.js';
import { CANDIDATES_FILE, OOS_DAILY_FILE, SUMMARY_FILE } from '../output/protocolFiles.js';
import { GateInputError } from './GateInputError.js';

/** One factor's gate figures and verdict: a `gate_report.csv` row (PROTOCOL sections 8-9). */
export type GateReportRow = {
  readonly factor: string;
  readonly summary: OosSummary;
  readonly verdict: GateEvaluation;
};

export type ComputeGateReportOptions = {
  /** Merged `walk_forward_summary.csv` text. */
  readonly summaryCsv: string;
  /** Merged `oos_daily.csv` text. */
  readonly oosDailyCsv: string;
  /** Merged `candidates.csv` text. */
  readonly candidatesCsv: string;
  readonly thresholds: GateThresholds;
};

/** The `gate_report.csv` columns of PROTOCOL section 9. */
export const GATE_REPORT_COLUMNS = [
  'factor',
  'windows',
  'oos_days',
  'oos_sharpe',
  'oos_ann_return',
  'oos_max_drawdown',
  'oos_mean_ic',
  'oos_ic_tstat',
  'positive_window_frac',
  'universe_mean',
  'trials',
  'dsr',
  'pass',
  'failed_gates',
] as const;

type FactorWindows = Map<number, { totalReturn: number; universeMean: number; returns: number[]; ic: number[]; sharpes: number[] }>;

/**
 * The gates of PROTOCOL section 8 per factor (in code-point order of ids) from the merged
 * walk-forward files: the test daily R and IC of oos_daily.csv stitched in window order,
 * each window's test total_return and universe_mean from the summary, and the candidates'
 * train daily Sharpes of candidates.csv (trials N = candidates per window). The numbers
 * are read back from their shortest round-trip text, so they are the values the shard
 * computed, and the figures come from the engine's computeOosSummary and evaluateGates.
 */
export function computeGateReport(options: ComputeGateReportOptions): GateReportRow[] {
  const factors = new Map<string, FactorWindows>();
  const summary = readTable(SUMMARY_FILE, options.summaryCsv, ['factor', 'window', 'oos_total_return', 'oos_universe_mean']);
  for (const [factor, window, totalReturn, universeMean] of summary) {
    let windows = factors.get(factor as string);
    if (windows === undefined) factors.set(factor as string, (windows = new Map()));
    windows.set(parseWindow(SUMMARY_FILE, window), {
      totalReturn: parseNumber(totalReturn),
      universeMean: parseNumber(universeMean),
      returns: [],
      ic: [],
      sharpes: [],
    });
  }
  const windowOf = (file: string, factor: string | undefined, window: string | undefined) => {
    const found = factors.get(factor ?? '')?.get(parseWindow(file, window));
    if (found === undefined) throw new GateInputError({ file, problem: `(${factor ?? ''}, ${window ?? ''}) has no summary row` });
    return found;
  };
  for (const [factor, window, ret, ic] of readTable(OOS_DAILY_FILE, options.oosDailyCsv, ['factor', 'window', 'return', 'ic'])) {
    const target = windowOf(OOS_DAILY_FILE, factor, window);
    target.returns.push(parseNumber(ret));
    target.ic.push(parseNumber(ic));
  }
  for (const [factor, window, sharpe] of readTable(CANDIDATES_FILE, options.candidatesCsv, ['factor', 'window', 'train_daily_sharpe'])) {
    windowOf(CANDIDATES_FILE, factor, window).sharpes.push(parseNumber(sharpe));
  }

  const ids = [...factors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids.map((factor) => {
    const windows = [...(factors.get(factor) as FactorWindows).entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w);
    const trials = windows[0]?.sharpes.length ?? 0;
    const inputs: OosWindowInput[] = windows.map((w) => ({
      testReturns: Float64Array.from(w.returns),
      testIc: Float64Array.from(w.ic),
      testTotalReturn: w.totalReturn,
      testUniverseMean: w.universeMean,
      candidateTrainSharpes: Float64Array.from(w.sharpes),
    }));
    const oos = computeOosSummary({ windows: inputs, trials });
    return { factor, summary: oos, verdict: evaluateGates(oos, options.thresholds) };
  });
}

export type ComputeGateReportFromDirOptions = {
  /** A folder with merged (or single-shard) walk_forward_summary.csv, oos_daily.csv and candidates.csv. */
  readonly dir: string;
  readonly thresholds: GateThresholds;
};

/** computeGateReport over the files of a folder. */
export function computeGateReportFromDir(options: ComputeGateReportFromDirOptions): GateReportRow[] {
  const read = (name: string): string => {
    const path = join(options.dir, name);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new OutputDirError({ path, operation: 'read', cause: error });
    }
  };
  return computeGateReport({
    summaryCsv: read(SUMMARY_FILE),
    oosDailyCsv: read(OOS_DAILY_FILE),
    candidatesCsv: read(CANDIDATES_FILE),
    thresholds: options.thresholds,
  });
}

/** `gate_report.csv` text (PROTOCOL section 9): header plus one row per factor; failed gates joined by `|`. */
export function formatGateReportCsv(rows: readonly GateReportRow[]): string {
  return csvText([
    [...GATE_REPORT_COLUMNS],
    ...rows.map(({ factor, summary: s, verdict }) => [
      factor,
      String(s.windows),
      String(s.oosDays),
      formatNumber(s.oosSharpe),
      formatNumber(s.oosAnnReturn),
      formatNumber(s.oosMaxDrawdown),
      formatNumber(s.oosMeanIc),
      formatNumber(s.oosIcTstat),
      formatNumber(s.positiveWindowFrac),
      formatNumber(s.universeMean),
      String(s.trials),
      formatNumber(s.dsr),
      String(verdict.pass),
      verdict.failedGates.join('|'),
    ]),
  ]);
}

/** The named columns of every complete row, in the order asked. */
function readTable(file: string, text: string, columns: readonly string[]): (string | undefined)[][] {
  const [header, ...records] = parseCsvRecords(text).records;
  if (header === undefined) throw new GateInputError({ file, problem: 'it is empty' });
  const positions = columns.map((column) => {
    const at = header.fields.indexOf(column);
    if (at < 0) throw new GateInputError({ file, problem: `it has no "${column}" column` });
    return at;
  });
  return records.map((record) => positions.map((at) => record.fields[at]));
}

function parseWindow(file: string, text: string | undefined): number {
  const window = Number(text);
  if (text === undefined || text === '' || !Number.isInteger(window) || window < 0) {
    throw new GateInputError({ file, problem: `window "${text ?? ''}" is not a window number` });
  }
  return window;
}

/** A protocol number back from its text: empty is NaN (PROTOCOL section 9). */
function parseNumber(text: string | undefined): number {
  return text === undefined || text === '' ? Number.NaN : Number(text);
}
