import { formatDate } from '@wf/engine';
import type { ListedGapCounts, Objective, Panel, SegmentAudit, SegmentEvaluation } from '@wf/engine';
import type { Candidate, SegmentSelection } from '@wf/optimizer';
import type { WalkForwardWindow } from '../windows/planWindows.js';
import { csvText, formatNumber } from './csvText.js';
import type { ProtocolFileName } from './protocolFiles.js';

/** Everything one (factor, window) unit produced. */
export type UnitResult = {
  readonly factorId: string;
  readonly window: WalkForwardWindow;
  readonly candidates: readonly Candidate[];
  readonly objective: Objective;
  /** In-sample selection on the train segment (PROTOCOL section 7). */
  readonly selection: SegmentSelection;
  /** The winner evaluated on the test segment. */
  readonly test: SegmentEvaluation;
  /** Universe audit of the train and test segments for the winner's params (section 9). */
  readonly trainAudit: SegmentAudit;
  readonly testAudit: SegmentAudit;
  /** Every candidate's daily net R on the test segment, in candidate order (PROTOCOL section 8b, pbo). */
  readonly candidateTestReturns: readonly Float64Array[];
  /** Listed symbol-days and gaps over the test signal dates (section 8b, oos_gap_frac). */
  readonly testGaps: ListedGapCounts;
};

/**
 * The CSV text a unit appends to each protocol file (see PROTOCOL_FILES): one summary
 * row, the train and test audit rows, one oos_daily row per test day, one candidates row
 * per candidate (its test daily R joined by `;` in `test_returns`), one oos_gaps row. Formatting per PROTOCOL section 9: dates `YYYY-MM-DD`, numbers
 * `String(x)`, NaN empty.
 */
export function formatUnitRows(panel: Panel, unit: UnitResult): Record<ProtocolFileName, string> {
  const { factorId, window: win, selection, test } = unit;
  const k = String(win.index);
  const date = (t: number): string => formatDate(panel.dates[t] as number);
  const m = test.metrics;
  const summary = [
    factorId,
    k,
    date(win.trainStart),
    date(win.trainEnd),
    date(win.testStart),
    date(win.testEnd),
    test.paramsText,
    String(unit.candidates.length),
    unit.objective,
    formatNumber(selection.objective),
    String(m.days),
    formatNumber(m.totalReturn),
    formatNumber(m.annReturn),
    formatNumber(m.annVol),
    formatNumber(m.sharpe),
    formatNumber(m.maxDrawdown),
    formatNumber(m.turnover),
    formatNumber(m.hitRate),
    formatNumber(m.meanIc),
    formatNumber(m.icTstat),
    formatNumber(m.universeMean),
  ];
  const audit = (segment: 'train' | 'test', start: number, end: number, a: SegmentAudit): string[] => [
    factorId,
    k,
    segment,
    date(start),
    date(end),
    String(a.symbols),
    formatNumber(a.eligibleMean),
    String(a.eligibleMin),
    String(a.eligibleMax),
    formatNumber(a.scoredMean),
    String(a.excludedNoPrice),
    String(a.excludedHistory),
    String(a.excludedPrice),
    String(a.excludedLiquidity),
    String(a.excludedRank),
  ];
  const daily: string[][] = [];
  const { returns, ic } = test.series;
  for (let j = 0; j < returns.length; j++) {
    daily.push([factorId, k, date(test.series.start + j), formatNumber(returns[j] as number), formatNumber(ic[j] as number)]);
  }
  const candidates: string[][] = [];
  for (let c = 0; c < unit.candidates.length; c++) {
    candidates.push([
      factorId,
      k,
      String(c),
      (unit.candidates[c] as Candidate).paramsText,
      formatNumber(selection.objectives[c] as number),
      formatNumber(selection.dailySharpes[c] as number),
      joinReturns(unit.candidateTestReturns[c] as Float64Array),
    ]);
  }
  return {
    'oos_daily.csv': csvText(daily),
    'candidates.csv': csvText(candidates),
    'oos_gaps.csv': csvText([[factorId, k, String(unit.testGaps.listedDays), String(unit.testGaps.gapDays)]]),
    'universe_audit.csv': csvText([
      audit('train', win.trainStart, win.trainEnd, unit.trainAudit),
      audit('test', win.testStart, win.testEnd, unit.testAudit),
    ]),
    'walk_forward_summary.csv': csvText([summary]),
  };
}

/** A test series as one field: the days' numbers (section 9 form, NaN empty) joined by `;`. */
function joinReturns(series: Float64Array): string {
  let text = '';
  for (let j = 0; j < series.length; j++) text += (j === 0 ? '' : ';') + formatNumber(series[j] as number);
  return text;
}
