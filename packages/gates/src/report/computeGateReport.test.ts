import { DEFAULT_GATE_THRESHOLDS } from '@wf/engine';
import { describe, expect, it } from 'vitest';
import { GateInputError } from '../errors.js';
import { computeOosSummary } from '../rules/computeOosSummary.js';
import { computeGateReport, formatGateReportCsv } from './computeGateReport.js';

const summaryHeader = 'factor,window,params,oos_total_return,oos_universe_mean\n';
const dailyHeader = 'factor,window,date,return,ic\n';
const candidatesHeader = 'factor,window,candidate,params,is_objective,train_daily_sharpe,test_returns\n';
const gapsHeader = 'factor,window,listed_symbol_days,gap_symbol_days\n';

describe('computeGateReport', () => {
  it('stitches the windows in window order and feeds the engine the values the files hold', () => {
    // Windows written out of order (as after a merge of a bad copy): the report must sort them.
    const summaryCsv = `${summaryHeader}b,1,p=2,-0.01,40\nb,0,p=1,0.02,50\na,0,p=1,,30\n`;
    const oosDailyCsv = `${dailyHeader}b,1,d3,-0.01,0.1\nb,0,d1,0.01,\nb,0,d2,0.0099,0.3\na,0,d1,0.5,0.2\n`;
    const candidatesCsv = `${candidatesHeader}b,1,0,p=1,,0.2,0.02\nb,1,1,p=2,,0.1,-0.01\nb,0,0,p=1,,0.05,0.01;0.0099\nb,0,1,p=2,,,0.03;\na,0,0,p=1,,0.3,0.5\n`;
    const oosGapsCsv = `${gapsHeader}b,1,100,1\nb,0,300,3\na,0,10,0\n`;
    const rows = computeGateReport({ summaryCsv, oosDailyCsv, candidatesCsv, oosGapsCsv, thresholds: DEFAULT_GATE_THRESHOLDS });
    expect(rows.map((r) => r.factor)).toEqual(['a', 'b']);
    const b = computeOosSummary({
      windows: [
        {
          testReturns: Float64Array.of(0.01, 0.0099),
          testIc: Float64Array.of(NaN, 0.3),
          testTotalReturn: 0.02,
          testUniverseMean: 50,
          candidateTrainSharpes: Float64Array.of(0.05, NaN),
          candidateTestReturns: [Float64Array.of(0.01, 0.0099), Float64Array.of(0.03, NaN)],
          selectedParams: 'p=1',
          gaps: { listedDays: 300, gapDays: 3 },
        },
        {
          testReturns: Float64Array.of(-0.01),
          testIc: Float64Array.of(0.1),
          testTotalReturn: -0.01,
          testUniverseMean: 40,
          candidateTrainSharpes: Float64Array.of(0.2, 0.1),
          candidateTestReturns: [Float64Array.of(0.02), Float64Array.of(-0.01)],
          selectedParams: 'p=2',
          gaps: { listedDays: 100, gapDays: 1 },
        },
      ],
      trials: 2,
      candidates: 2,
    });
    expect(rows[1]?.summary).toEqual(b);
    expect(rows[1]?.summary.positiveWindowFrac).toBe(0.5);
    expect(rows[1]?.summary.paramStability).toBe(0.5);
    expect(rows[1]?.summary.oosGapFrac).toBe(4 / 400);
    expect(rows[1]?.summary.pbo).toBeNaN(); // T = 3 < 32
    expect(rows[0]?.summary.trials).toBe(1);
    expect(rows[0]?.summary.positiveWindowFrac).toBe(0); // NaN total_return is not > 0
    expect(rows[0]?.verdict.pass).toBe(false);
  });

  it('takes trials N from the ledger counts when given, V and pbo still from the windows', () => {
    const input = {
      summaryCsv: `${summaryHeader}a,0,p=1,0.1,60\n`,
      oosDailyCsv: `${dailyHeader}a,0,d1,0.1,\na,0,d2,-0.05,\n`,
      candidatesCsv: `${candidatesHeader}a,0,0,p=1,,0.1,0.1;-0.05\n`,
      oosGapsCsv: `${gapsHeader}a,0,0,0\n`,
      thresholds: {},
    };
    const plain = computeGateReport(input)[0]!.summary;
    const ledger = computeGateReport({ ...input, trials: new Map([['a', 5]]) })[0]!.summary;
    expect(plain.trials).toBe(1);
    expect(ledger.trials).toBe(5);
    // K = 1: V = 0 and SR0 = 0, so the ledger changes trials but not the DSR (section 8b).
    expect(ledger.candidateSharpeVariance).toBe(0);
    expect(ledger.dsr).toBe(plain.dsr);
    expect(ledger.oosGapFrac).toBe(0); // nothing listed
  });

  it('formats gate_report.csv rows per PROTOCOL section 9', () => {
    const csv = formatGateReportCsv(
      computeGateReport({
        summaryCsv: `${summaryHeader}a,0,p=1,0.1,60\n`,
        oosDailyCsv: `${dailyHeader}a,0,d1,0.1,\n`,
        candidatesCsv: `${candidatesHeader}a,0,0,p=1,,,0.1\n`,
        oosGapsCsv: `${gapsHeader}a,0,40,4\n`,
        thresholds: { min_universe_mean: 50, max_oos_drawdown: 0.3, min_oos_sharpe: 0.5, max_pbo: 0.5, max_oos_gap_frac: 0.05 },
      }),
    );
    expect(csv).toBe(
      'factor,windows,oos_days,oos_sharpe,oos_ann_return,oos_max_drawdown,oos_mean_ic,oos_ic_tstat,positive_window_frac,universe_mean,trials,dsr,pbo,param_stability,oos_gap_frac,pass,failed_gates\n' +
        // max_pbo is not applied with one candidate; a 10% gap fraction fails max_oos_gap_frac, listed last.
        `a,1,1,,${String(1.1 ** 252 - 1)},0,,,1,60,1,,,1,0.1,false,min_oos_sharpe|max_oos_gap_frac\n`,
    );
  });

  it('refuses daily rows of a window without a summary row, a missing column, and a candidate test series of the wrong length', () => {
    const base = {
      summaryCsv: `${summaryHeader}a,0,p=1,0.1,60\n`,
      candidatesCsv: `${candidatesHeader}a,0,0,p=1,,,0.1\n`,
      oosGapsCsv: `${gapsHeader}a,0,1,0\n`,
      thresholds: {},
    };
    expect(() => computeGateReport({ ...base, oosDailyCsv: `${dailyHeader}a,1,d1,0.1,\n` })).toThrow(GateInputError);
    expect(() => computeGateReport({ ...base, oosDailyCsv: 'factor,window,date\n' })).toThrow(/no "return" column/);
    expect(() => computeGateReport({ ...base, oosDailyCsv: `${dailyHeader}a,0,d1,0.1,\na,0,d2,0.1,\n` })).toThrow(/each with 2 test returns/);
    expect(() => computeGateReport({ ...base, oosDailyCsv: `${dailyHeader}a,0,d1,0.1,\n`, oosGapsCsv: gapsHeader })).toThrow(/has 0 rows where 1 was expected/);
  });
});
