import { computeOosSummary, DEFAULT_GATE_THRESHOLDS } from '@wf/engine';
import { describe, expect, it } from 'vitest';
import { computeGateReport, formatGateReportCsv } from './computeGateReport.js';
import { GateInputError } from './GateInputError.js';

const summaryHeader = 'factor,window,oos_total_return,oos_universe_mean\n';
const dailyHeader = 'factor,window,date,return,ic\n';
const candidatesHeader = 'factor,window,candidate,params,is_objective,train_daily_sharpe\n';

describe('computeGateReport', () => {
  it('stitches the windows in window order and feeds the engine the values the files hold', () => {
    // Windows written out of order (as after a merge of a bad copy): the report must sort them.
    const summaryCsv = `${summaryHeader}b,1,-0.01,40\nb,0,0.02,50\na,0,,30\n`;
    const oosDailyCsv = `${dailyHeader}b,1,d3,-0.01,0.1\nb,0,d1,0.01,\nb,0,d2,0.0099,0.3\na,0,d1,0.5,0.2\n`;
    const candidatesCsv = `${candidatesHeader}b,1,0,p=1,,0.2\nb,1,1,p=2,,0.1\nb,0,0,p=1,,0.05\nb,0,1,p=2,,\na,0,0,p=1,,0.3\n`;
    const rows = computeGateReport({ summaryCsv, oosDailyCsv, candidatesCsv, thresholds: DEFAULT_GATE_THRESHOLDS });
    expect(rows.map((r) => r.factor)).toEqual(['a', 'b']);
    const b = computeOosSummary({
      windows: [
        { testReturns: Float64Array.of(0.01, 0.0099), testIc: Float64Array.of(NaN, 0.3), testTotalReturn: 0.02, testUniverseMean: 50, candidateTrainSharpes: Float64Array.of(0.05, NaN) },
        { testReturns: Float64Array.of(-0.01), testIc: Float64Array.of(0.1), testTotalReturn: -0.01, testUniverseMean: 40, candidateTrainSharpes: Float64Array.of(0.2, 0.1) },
      ],
      trials: 2,
    });
    expect(rows[1]?.summary).toEqual(b);
    expect(rows[1]?.summary.positiveWindowFrac).toBe(0.5);
    expect(rows[0]?.summary.trials).toBe(1);
    expect(rows[0]?.summary.positiveWindowFrac).toBe(0); // NaN total_return is not > 0
    expect(rows[0]?.verdict.pass).toBe(false);
  });

  it('formats gate_report.csv rows per PROTOCOL section 9', () => {
    const csv = formatGateReportCsv(
      computeGateReport({
        summaryCsv: `${summaryHeader}a,0,0.1,60\n`,
        oosDailyCsv: `${dailyHeader}a,0,d1,0.1,\n`,
        candidatesCsv: `${candidatesHeader}a,0,0,p=1,,\n`,
        thresholds: { min_universe_mean: 50, max_oos_drawdown: 0.3, min_oos_sharpe: 0.5 },
      }),
    );
    expect(csv).toBe(
      'factor,windows,oos_days,oos_sharpe,oos_ann_return,oos_max_drawdown,oos_mean_ic,oos_ic_tstat,positive_window_frac,universe_mean,trials,dsr,pass,failed_gates\n' +
        `a,1,1,,${String(1.1 ** 252 - 1)},0,,,1,60,1,,false,min_oos_sharpe\n`,
    );
  });

  it('refuses daily rows of a window without a summary row, and a missing column', () => {
    const base = { summaryCsv: `${summaryHeader}a,0,0.1,60\n`, candidatesCsv: candidatesHeader, thresholds: {} };
    expect(() => computeGateReport({ ...base, oosDailyCsv: `${dailyHeader}a,1,d1,0.1,\n` })).toThrow(GateInputError);
    expect(() => computeGateReport({ ...base, oosDailyCsv: 'factor,window,date\n' })).toThrow(/no "return" column/);
  });
});
