import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRADING_DAYS_PER_YEAR } from '@wf/engine';
import type { GateThresholds, PortfolioConfig } from '@wf/engine';
import { AUDIT_FILE, OOS_DAILY_FILE, parseCsvRecords, RunFileError, SUMMARY_FILE } from '@wf/walk-forward';
import { DRIFT_FILE } from '../../drift/writeDriftReport.js';
import type { GateReportRow } from '../computeGateReport.js';
import { computeGateMargins } from '../computeGateMargins.js';
import type { GateMargin } from '../computeGateMargins.js';
import { readWindowSummaries } from '../readWindowSummaries.js';
import type { WindowSummary } from '../readWindowSummaries.js';

/** A window's test segment split into what the book earned before costs and what costs took. */
export type WindowCosts = {
  /** Sum of the test segment's daily net R (PROTOCOL section 4). */
  readonly netSum: number;
  /** What costs took: turnover per day x days x cost_bps / 1e4, i.e. the sum of the daily cost charges. */
  readonly costSum: number;
  /** netSum + costSum: the sum of the daily returns before costs. */
  readonly grossSum: number;
};

/** One factor's section of the HTML report. */
export type FactorReportData = {
  readonly row: GateReportRow;
  readonly margins: readonly GateMargin[];
  readonly windows: readonly (WindowSummary & WindowCosts)[];
  /** Stitched test days in window order (oos_daily.csv). */
  readonly daily: {
    readonly dates: readonly string[];
    readonly window: readonly number[];
    readonly returns: readonly number[];
    readonly ic: readonly number[];
    /** E[d] = prod(1 + R[1..d]) (a missing R counts 0, as the SVG chart). */
    readonly equity: readonly number[];
    /** 1 - E[d] / max(1, E[1..d]) (PROTOCOL section 5). */
    readonly drawdown: readonly number[];
  };
  /** Annualized arithmetic means over the stitched test days: 252 x mean daily R, before and after costs. */
  readonly annual: { readonly net: number; readonly gross: number; readonly costDrag: number; readonly turnoverPerDay: number };
  /** universe_audit.csv rows of the factor, as text (header: `auditColumns`). */
  readonly audit: readonly (readonly string[])[];
  /** drift.csv rows of the factor (columns of `driftColumns`); empty without a previous run or without changes. */
  readonly drift: readonly (readonly string[])[];
  /** q1..qQ over the stitched test days and per window (PROTOCOL section 5); null when not computed. */
  readonly quantiles: QuantileMeans | null;
};

/** Mean daily return of each quantile (q1 lowest score .. qQ highest), overall and per window. */
export type QuantileMeans = {
  readonly overall: readonly number[];
  readonly byWindow: readonly (readonly number[])[];
};

/** Everything the page shows, read from a finished run folder. */
export type HtmlReportData = {
  readonly protocolVersion: number;
  readonly thresholds: GateThresholds;
  readonly portfolio: PortfolioConfig;
  /** Facts about the run: config, data and code identity (no times: equal runs give equal pages). */
  readonly facts: readonly (readonly [string, string])[];
  readonly factors: readonly FactorReportData[];
  readonly auditColumns: readonly string[];
  readonly driftColumns: readonly string[];
  /** True when drift.csv exists (the run was compared with a previous one). */
  readonly compared: boolean;
};

export type CollectHtmlReportDataOptions = {
  /** The run folder holding the merged walk-forward files (and drift.csv when compared). */
  readonly outDir: string;
  readonly rows: readonly GateReportRow[];
  readonly thresholds: GateThresholds;
  readonly portfolio: PortfolioConfig;
  readonly protocolVersion: number;
  readonly facts: readonly (readonly [string, string])[];
  /** q1..qQ per factor, when computed (see computeQuantileMeans). */
  readonly quantiles?: ReadonlyMap<string, QuantileMeans> | null;
};

/**
 * Reads the merged walk_forward_summary.csv, oos_daily.csv, universe_audit.csv and drift.csv
 * of a run folder and joins them with the gate rows: the data of gate_report.html.
 * @throws RunFileError when a file cannot be read; GateInputError when one is malformed
 */
export function collectHtmlReportData(options: CollectHtmlReportDataOptions): HtmlReportData {
  const { outDir, portfolio } = options;
  const summaries = readWindowSummaries(readRunFile(outDir, SUMMARY_FILE));
  const daily = groupByFactor(readRunFile(outDir, OOS_DAILY_FILE));
  const audit = groupByFactor(readRunFile(outDir, AUDIT_FILE));
  const driftPath = join(outDir, DRIFT_FILE);
  const compared = existsSync(driftPath);
  const drift = compared ? groupByFactor(readRunFile(outDir, DRIFT_FILE)) : { header: [], rows: new Map<string, string[][]>() };
  const costRate = portfolio.costBps / 1e4;

  const dailyAt = (name: string): number => daily.header.indexOf(name);
  const [windowAt, dateAt, returnAt, icAt] = [dailyAt('window'), dailyAt('date'), dailyAt('return'), dailyAt('ic')];
  const factors = options.rows.map((row): FactorReportData => {
    const days = daily.rows.get(row.factor) ?? [];
    const dates: string[] = [];
    const windowOfDay: number[] = [];
    const returns: number[] = [];
    const ic: number[] = [];
    const equity: number[] = [];
    const drawdown: number[] = [];
    const netByWindow = new Map<number, number>();
    let level = 1;
    let peak = 1;
    let netTotal = 0;
    for (const fields of days) {
      const window = Number(fields[windowAt]);
      const r = parseNumber(fields[returnAt]);
      dates.push(fields[dateAt] ?? '');
      windowOfDay.push(window);
      returns.push(r);
      ic.push(parseNumber(fields[icAt]));
      const counted = Number.isFinite(r) ? r : 0;
      level *= 1 + counted;
      peak = Math.max(peak, level);
      equity.push(level);
      drawdown.push(1 - level / peak);
      netTotal += counted;
      netByWindow.set(window, (netByWindow.get(window) ?? 0) + counted);
    }
    let costTotal = 0;
    let turnoverDays = 0;
    const windows = (summaries.get(row.factor) ?? []).map((w) => {
      const netSum = netByWindow.get(w.window) ?? 0;
      const costSum = Number.isFinite(w.oosTurnover) ? w.oosTurnover * w.oosDays * costRate : 0;
      costTotal += costSum;
      turnoverDays += Number.isFinite(w.oosTurnover) ? w.oosTurnover * w.oosDays : 0;
      return { ...w, netSum, costSum, grossSum: netSum + costSum };
    });
    const n = dates.length;
    const perYear = (sum: number): number => (n > 0 ? (sum / n) * TRADING_DAYS_PER_YEAR : Number.NaN);
    return {
      row,
      margins: computeGateMargins(row.summary, options.thresholds),
      windows,
      daily: { dates, window: windowOfDay, returns, ic, equity, drawdown },
      annual: {
        net: perYear(netTotal),
        gross: perYear(netTotal + costTotal),
        costDrag: perYear(costTotal),
        turnoverPerDay: n > 0 ? turnoverDays / n : Number.NaN,
      },
      audit: audit.rows.get(row.factor) ?? [],
      drift: drift.rows.get(row.factor) ?? [],
      quantiles: options.quantiles?.get(row.factor) ?? null,
    };
  });
  return {
    protocolVersion: options.protocolVersion,
    thresholds: options.thresholds,
    portfolio,
    facts: options.facts,
    factors,
    auditColumns: audit.header,
    driftColumns: drift.header,
    compared,
  };
}

function readRunFile(outDir: string, name: string): string {
  const path = join(outDir, name);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunFileError({ path, operation: 'read', cause: error });
  }
}

/**
 * A CSV whose first column is `factor`: its header and its complete rows grouped by factor, in
 * file order. A file without a quote character (the protocol files' numbers, dates and ids never
 * need one) is split directly, about ten times faster than the general parser it otherwise uses.
 */
function groupByFactor(text: string): { header: string[]; rows: Map<string, string[][]> } {
  const records = text.includes('"') ? parseCsvRecords(text).records.map((record) => record.fields) : splitPlainCsv(text);
  const [header, ...body] = records;
  const rows = new Map<string, string[][]>();
  for (const fields of body) {
    const factor = fields[0] ?? '';
    let list = rows.get(factor);
    if (list === undefined) rows.set(factor, (list = []));
    list.push(fields);
  }
  return { header: header ?? [], rows };
}

/** The `\n`-terminated records of a CSV without quoted fields (a torn last line is left out, as parseCsvRecords does). */
function splitPlainCsv(text: string): string[][] {
  const lines = text.split('\n');
  lines.pop(); // the text after the last newline: empty, or a torn record
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line).split(','));
}

/** A protocol number back from its text: empty is NaN (PROTOCOL section 9). */
function parseNumber(text: string | undefined): number {
  return text === undefined || text === '' ? Number.NaN : Number(text);
}
