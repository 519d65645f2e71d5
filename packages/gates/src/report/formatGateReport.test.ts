import { DEFAULT_GATE_THRESHOLDS } from '@wf/engine';
import { describe, expect, it } from 'vitest';
import type { OosSummary } from '../rules/OosSummary.js';
import { formatGateReportMarkdown } from './formatGateReport.js';
import { readWindowSummaries } from './readWindowSummaries.js';

const summary: OosSummary = {
  windows: 1,
  oosDays: 63,
  oosSharpe: 0.6,
  oosAnnReturn: 0.05,
  oosMaxDrawdown: 0.3045,
  oosMeanIc: 0.02,
  oosIcTstat: 2.5,
  positiveWindowFrac: 1,
  universeMean: 480,
  trials: 6,
  candidates: 6,
  candidateSharpeVariance: 0.001,
  dsr: 0.96,
  pbo: 0.2,
  paramStability: 1,
  oosGapFrac: 0,
};

describe('formatGateReportMarkdown', () => {
  it('lists every checked gate margin (failures in bold) and each window selected params', () => {
    const windows = readWindowSummaries(
      'factor,window,train_start,train_end,test_start,test_end,params,candidates,objective,is_objective,oos_days,oos_total_return,oos_ann_return,oos_ann_vol,oos_sharpe,oos_max_drawdown,oos_turnover,oos_hit_rate,oos_mean_ic,oos_ic_tstat,oos_universe_mean\n' +
        'momentum,0,2014-02-10,2015-02-09,2015-02-10,2015-05-11,lookback=252;skip=21,6,sharpe,1.27,63,0.0047,0.019,0.038,0.5,0.03,0.08,0.57,0.011,1.18,485.3\n',
    );
    const md = formatGateReportMarkdown([{ factor: 'momentum', summary, verdict: { pass: false, failedGates: ['max_oos_drawdown'] } }], DEFAULT_GATE_THRESHOLDS, windows);
    expect(md).toContain('| factor | min_oos_sharpe | min_oos_ic_tstat | max_oos_drawdown | min_positive_window_frac | min_dsr | min_universe_mean | max_oos_gap_frac |');
    expect(md).toContain('| momentum | +0.1000 | +0.5000 | **-0.0045** | +0.4500 | +0.0100 | +430.0000 | +0.0500 |');
    expect(md).toContain('| 0 | 2015-02-10 .. 2015-05-11 | lookback=252;skip=21 | 1.2700 | 0.50 | 0.0047 | 0.0300 | 0.080 | 0.0110 |');
  });
});
