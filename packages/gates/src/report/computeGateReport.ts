import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateThresholds } from '@wf/engine';
import { CANDIDATES_FILE, csvText, formatNumber, OOS_DAILY_FILE, OOS_GAPS_FILE, parseCsvRecords, RunFileError, SUMMARY_FILE } from '@wf/walk-forward';
import { GateInputError } from '../errors.js';
import { computeOosSummary } from '../rules/computeOosSummary.js';
import type { OosWindowInput } from '../rules/computeOosSummary.js';
import { evaluateGates } from '../rules/evaluateGates.js';
import type { GateEvaluation } from '../rules/evaluateGates.js';
import type { OosSummary } from '../rules/OosSummary.js';
import { compareCodePoints } from '@wf/engine';

/** One factor's gate figures and verdict: a `gate_report.csv` row (PROTOCOL sections 8, 8b and 9). */
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
  /** Merged `candidates.csv` text (train daily Sharpes: V; test returns: pbo's matrix). */
  readonly candidatesCsv: string;
  /** Merged `oos_gaps.csv` text (listed symbol-days and gaps per window: oos_gap_frac). */
  readonly oosGapsCsv: string;
  readonly thresholds: GateThresholds;
  /**
   * Trials N per factor from a trial ledger (PROTOCOL section 8b: |ledger params U tonight's
   * candidates|); a factor not in the map (or no map) has N = K, its candidates per window.
   */
  readonly trials?: ReadonlyMap<string, number> | null;
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
  'pbo',
  'param_stability',
  'oos_gap_frac',
  'pass',
  'failed_gates',
] as const;

type WindowRows = {
  totalReturn: number;
  universeMean: number;
  params: string;
  returns: number[];
  ic: number[];
  sharpes: number[];
  /** Test daily R per candidate, in candidate order. */
  candidateReturns: Float64Array[];
  listedDays: number;
  gapDays: number;
  gapRows: number;
};
type FactorWindows = Map<number, WindowRows>;

/**
 * The gates of PROTOCOL sections 8 and 8b per factor (in code-point order of ids) from the
 * merged walk-forward files: the test daily R and IC of oos_daily.csv stitched in window
 * order, each window's test total_return, universe_mean and selected params from the
 * summary, the candidates' train daily Sharpes of candidates.csv (K = candidates per
 * window; trials N = K unless `trials` gives the ledger's count), every candidate's test
 * daily R (candidates.csv `test_returns`: pbo) and the gap counts of oos_gaps.csv (oos_gap_frac).
 * The numbers are read back from their shortest round-trip text, so they are the values
 * the shard computed, and the figures come from computeOosSummary and
 * evaluateGates.
 */
export function computeGateReport(options: ComputeGateReportOptions): GateReportRow[] {
  const factors = new Map<string, FactorWindows>();
  const summary = readTable(SUMMARY_FILE, options.summaryCsv, ['factor', 'window', 'oos_total_return', 'oos_universe_mean', 'params']);
  for (const [factor, window, totalReturn, universeMean, params] of summary) {
    let windows = factors.get(factor as string);
    if (windows === undefined) factors.set(factor as string, (windows = new Map()));
    windows.set(parseWindow(SUMMARY_FILE, window), {
      totalReturn: parseNumber(totalReturn),
      universeMean: parseNumber(universeMean),
      params: params ?? '',
      returns: [],
      ic: [],
      sharpes: [],
      candidateReturns: [],
      listedDays: 0,
      gapDays: 0,
      gapRows: 0,
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
  const candidates = readTable(CANDIDATES_FILE, options.candidatesCsv, ['factor', 'window', 'train_daily_sharpe', 'test_returns']);
  for (const [factor, window, sharpe, testReturns] of candidates) {
    const target = windowOf(CANDIDATES_FILE, factor, window);
    target.sharpes.push(parseNumber(sharpe));
    target.candidateReturns.push(parseSeries(testReturns));
  }
  for (const [factor, window, listed, gaps] of readTable(OOS_GAPS_FILE, options.oosGapsCsv, ['factor', 'window', 'listed_symbol_days', 'gap_symbol_days'])) {
    const target = windowOf(OOS_GAPS_FILE, factor, window);
    target.listedDays += parseCount(OOS_GAPS_FILE, listed);
    target.gapDays += parseCount(OOS_GAPS_FILE, gaps);
    target.gapRows++;
  }

  const ids = [...factors.keys()].sort(compareCodePoints);
  return ids.map((factor) => {
    const windows = [...(factors.get(factor) as FactorWindows).entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w);
    const candidates = windows[0]?.sharpes.length ?? 0;
    const inputs: OosWindowInput[] = windows.map((w, k) => {
      if (w.sharpes.length !== candidates || w.candidateReturns.some((series) => series.length !== w.returns.length)) {
        throw new GateInputError({
          file: CANDIDATES_FILE,
          problem: `(${factor}, ${k}) has ${w.sharpes.length} candidates where ${candidates} were expected, each with ${w.returns.length} test returns`,
        });
      }
      if (w.gapRows !== 1) throw new GateInputError({ file: OOS_GAPS_FILE, problem: `(${factor}, ${k}) has ${w.gapRows} rows where 1 was expected` });
      return {
        testReturns: Float64Array.from(w.returns),
        testIc: Float64Array.from(w.ic),
        testTotalReturn: w.totalReturn,
        testUniverseMean: w.universeMean,
        candidateTrainSharpes: Float64Array.from(w.sharpes),
        candidateTestReturns: w.candidateReturns,
        selectedParams: w.params,
        gaps: { listedDays: w.listedDays, gapDays: w.gapDays },
      };
    });
    const trials = options.trials?.get(factor) ?? candidates;
    const oos = computeOosSummary({ windows: inputs, trials, candidates });
    return { factor, summary: oos, verdict: evaluateGates(oos, options.thresholds) };
  });
}

export type ComputeGateReportFromDirOptions = {
  /** A folder with merged (or single-shard) walk_forward_summary.csv, oos_daily.csv and candidates.csv. */
  readonly dir: string;
  readonly thresholds: GateThresholds;
  /** Trials N per factor from a trial ledger (see ComputeGateReportOptions.trials). */
  readonly trials?: ReadonlyMap<string, number> | null;
};

/** computeGateReport over the files of a folder. */
export function computeGateReportFromDir(options: ComputeGateReportFromDirOptions): GateReportRow[] {
  const read = (name: string): string => {
    const path = join(options.dir, name);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new RunFileError({ path, operation: 'read', cause: error });
    }
  };
  return computeGateReport({
    summaryCsv: read(SUMMARY_FILE),
    oosDailyCsv: read(OOS_DAILY_FILE),
    candidatesCsv: read(CANDIDATES_FILE),
    oosGapsCsv: read(OOS_GAPS_FILE),
    thresholds: options.thresholds,
    trials: options.trials ?? null,
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
      formatNumber(s.pbo),
      formatNumber(s.paramStability),
      formatNumber(s.oosGapFrac),
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

/** A `;`-joined series of protocol numbers (an empty text is no day; an empty item is NaN). */
function parseSeries(text: string | undefined): Float64Array {
  if (text === undefined || text === '') return new Float64Array(0);
  const items = text.split(';');
  const out = new Float64Array(items.length);
  for (let j = 0; j < items.length; j++) out[j] = parseNumber(items[j]);
  return out;
}

function parseCount(file: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isSafeInteger(value) || value < 0) {
    throw new GateInputError({ file, problem: `"${text ?? ''}" is not a count` });
  }
  return value;
}
