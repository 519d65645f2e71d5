/**
 * The oracle: ../shared/configs/sp500-nightly.yaml evaluated by the engine and the gate
 * rules must agree cell by cell (numbers within a relative 1e-9) with the protocol files an
 * independent implementation wrote for it (../shared/expected/sp500-nightly/).
 *
 * The window loop here is the plain reading of PROTOCOL sections 6-8, written
 * independently of @wf/walk-forward, so it also checks the engine's building blocks
 * (selection inputs, audit numbers, every candidate simulated on each test segment, the
 * listed-life gaps) and this package's gate rules (stitched gate metrics and the DSR, and
 * the protocol 2 diagnostics of section 8b: pbo, param_stability, oos_gap_frac). It lives
 * here, not in the engine, because the gate rules do.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BacktestEngine,
  countListedGaps,
  createBuiltinRegistry,
  createMarketContext,
  dailySharpe,
  diffProtocolRows,
  formatDate,
  listedLives,
  loadConfig,
  loadPanel,
  resolveParams,
} from '@wf/engine';
import type { FactorParams, MarketContext, ParamValue, WalkForwardConfig } from '@wf/engine';
import { computeOosSummary, evaluateGates } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, '../../../../shared');
const configPath = join(shared, 'configs/sp500-nightly.yaml');
const expectedDir = join(shared, 'expected/sp500-nightly-v2');

type Row = Record<string, string>;
const readCsv = (name: string): Row[] => parse(readFileSync(join(expectedDir, name)), { columns: true }) as Row[];
const fmt = (x: number): string => (Number.isNaN(x) ? '' : String(x));

/** Section 7 grid: keys sorted, values as listed, last key fastest. */
function expandGrid(space: Record<string, readonly ParamValue[]>): Record<string, ParamValue>[] {
  const keys = Object.keys(space).sort();
  let grid: Record<string, ParamValue>[] = [{}];
  for (const key of keys) {
    const next: Record<string, ParamValue>[] = [];
    for (const partial of grid) for (const value of space[key] ?? []) next.push({ ...partial, [key]: value });
    grid = next;
  }
  return grid;
}

describe('engine and gate rules against the independent sp500-nightly oracle', () => {
  let config: WalkForwardConfig;
  let context: MarketContext;
  const summaryRows: Row[] = [];
  const auditRows: Row[] = [];
  const gateRows: Row[] = [];
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'wf-oracle-'));
    config = await loadConfig(configPath);
    const loaded = await loadPanel({ pricesDir: config.data.prices, cacheDir });
    context = createMarketContext({
      panel: loaded.panel,
      dataFingerprint: loaded.fingerprint,
      universe: config.universe,
    });
    const { panel } = context;
    const registry = createBuiltinRegistry();
    const lives = listedLives(panel);
    const w = config.windows;
    const windows: { trainStart: number; trainEnd: number; testStart: number; testEnd: number }[] = [];
    for (let k = 0; ; k++) {
      const trainStart = w.anchored ? w.warmupDays : w.warmupDays + k * w.stepDays;
      const trainEnd = w.warmupDays + w.trainDays - 1 + k * w.stepDays;
      const testStart = trainEnd + 1 + w.embargoDays;
      const testEnd = trainEnd + w.embargoDays + w.testDays;
      if (testEnd > panel.nDates - 1) break;
      windows.push({ trainStart, trainEnd, testStart, testEnd });
    }
    const factors = [...config.factors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const spec of factors) {
      const factor = registry.get(spec.id);
      const candidates: FactorParams[] = [];
      const raw = spec.space === undefined ? [spec.params ?? {}] : expandGrid(spec.space);
      for (const partial of raw) {
        if (factor.validate({ ...factor.defaults, ...partial }) === null) candidates.push(resolveParams(factor, partial));
      }
      const engine = new BacktestEngine({ context, factor, portfolio: config.portfolio });
      const oosWindows = [];
      for (const [k, win] of windows.entries()) {
        // Section 7: NaN is worst, ties go to the earlier candidate, all NaN -> the first.
        let best = 0;
        let bestObjective = Number.NaN;
        const trainSharpes = new Float64Array(candidates.length);
        for (const [c, params] of candidates.entries()) {
          const train = engine.evaluate({ params, segment: { start: win.trainStart, end: win.trainEnd } });
          trainSharpes[c] = dailySharpe(train.series.returns);
          const objective = train.metrics.sharpe;
          if (!Number.isNaN(objective) && (Number.isNaN(bestObjective) || objective > bestObjective)) {
            best = c;
            bestObjective = objective;
          }
        }
        const chosen = candidates[best] as FactorParams;
        const test = engine.evaluate({ params: chosen, segment: { start: win.testStart, end: win.testEnd } });
        const m = test.metrics;
        summaryRows.push({
          factor: spec.id,
          window: String(k),
          train_start: formatDate(panel.dates[win.trainStart] as number),
          train_end: formatDate(panel.dates[win.trainEnd] as number),
          test_start: formatDate(panel.dates[win.testStart] as number),
          test_end: formatDate(panel.dates[win.testEnd] as number),
          params: test.paramsText,
          candidates: String(candidates.length),
          objective: config.objective,
          is_objective: fmt(bestObjective),
          oos_days: String(m.days),
          oos_total_return: fmt(m.totalReturn),
          oos_ann_return: fmt(m.annReturn),
          oos_ann_vol: fmt(m.annVol),
          oos_sharpe: fmt(m.sharpe),
          oos_max_drawdown: fmt(m.maxDrawdown),
          oos_turnover: fmt(m.turnover),
          oos_hit_rate: fmt(m.hitRate),
          oos_mean_ic: fmt(m.meanIc),
          oos_ic_tstat: fmt(m.icTstat),
          oos_universe_mean: fmt(m.universeMean),
        });
        for (const [segment, start, end] of [
          ['train', win.trainStart, win.trainEnd],
          ['test', win.testStart, win.testEnd],
        ] as const) {
          const a = engine.audit(chosen, { start, end });
          auditRows.push({
            factor: spec.id,
            window: String(k),
            segment,
            start: formatDate(panel.dates[start] as number),
            end: formatDate(panel.dates[end] as number),
            symbols: String(a.symbols),
            eligible_mean: fmt(a.eligibleMean),
            eligible_min: String(a.eligibleMin),
            eligible_max: String(a.eligibleMax),
            scored_mean: fmt(a.scoredMean),
            excluded_no_price: String(a.excludedNoPrice),
            excluded_history: String(a.excludedHistory),
            excluded_price: String(a.excludedPrice),
            excluded_liquidity: String(a.excludedLiquidity),
            excluded_rank: String(a.excludedRank),
          });
        }
        oosWindows.push({
          testReturns: test.series.returns,
          testIc: test.series.ic,
          testTotalReturn: m.totalReturn,
          testUniverseMean: m.universeMean,
          candidateTrainSharpes: trainSharpes,
          // Section 8b: each candidate simulated on the test segment exactly as the winner.
          candidateTestReturns: candidates.map((params) => engine.evaluate({ params, segment: { start: win.testStart, end: win.testEnd } }).series.returns),
          selectedParams: test.paramsText,
          gaps: countListedGaps({ panel, lives, start: win.testStart, end: win.testEnd }),
        });
      }
      const summary = computeOosSummary({ windows: oosWindows, trials: candidates.length, candidates: candidates.length });
      const verdict = evaluateGates(summary, config.gates);
      gateRows.push({
        factor: spec.id,
        windows: String(summary.windows),
        oos_days: String(summary.oosDays),
        oos_sharpe: fmt(summary.oosSharpe),
        oos_ann_return: fmt(summary.oosAnnReturn),
        oos_max_drawdown: fmt(summary.oosMaxDrawdown),
        oos_mean_ic: fmt(summary.oosMeanIc),
        oos_ic_tstat: fmt(summary.oosIcTstat),
        positive_window_frac: fmt(summary.positiveWindowFrac),
        universe_mean: fmt(summary.universeMean),
        trials: String(summary.trials),
        dsr: fmt(summary.dsr),
        pbo: fmt(summary.pbo),
        param_stability: fmt(summary.paramStability),
        oos_gap_frac: fmt(summary.oosGapFrac),
        pass: String(verdict.pass),
        failed_gates: verdict.failedGates.join('|'),
      });
    }
  }, 300_000);

  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('reproduces every walk_forward_summary.csv row: selection, params and test metrics', () => {
    expect(diffProtocolRows({ actual: summaryRows, expected: readCsv('walk_forward_summary.csv'), label: 'walk_forward_summary.csv' })).toEqual([]);
  });

  it('reproduces every universe_audit.csv row', () => {
    expect(diffProtocolRows({ actual: auditRows, expected: readCsv('universe_audit.csv'), label: 'universe_audit.csv' })).toEqual([]);
  });

  it('reproduces every gate_report.csv row, including the deflated Sharpe ratio, pbo, param_stability, oos_gap_frac and verdict', () => {
    expect(diffProtocolRows({ actual: gateRows, expected: readCsv('gate_report.csv'), label: 'gate_report.csv' })).toEqual([]);
  });
});
