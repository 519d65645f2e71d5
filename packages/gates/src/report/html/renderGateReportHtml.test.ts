import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATE_THRESHOLDS, DEFAULT_PORTFOLIO_CONFIG } from '@wf/engine';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateReportRow } from '../computeGateReport.js';
import type { OosSummary } from '../../rules/OosSummary.js';
import { collectHtmlReportData } from './collectHtmlReportData.js';
import { loadChartAssets } from './loadChartAssets.js';
import { FACTOR_CHART_KINDS, renderGateReportHtml } from './renderGateReportHtml.js';

const SUMMARY =
  'factor,window,train_start,train_end,test_start,test_end,params,candidates,objective,is_objective,oos_days,oos_total_return,oos_ann_return,oos_ann_vol,oos_sharpe,oos_max_drawdown,oos_turnover,oos_hit_rate,oos_mean_ic,oos_ic_tstat,oos_universe_mean\n' +
  'alpha,0,2020-01-01,2020-06-30,2020-07-01,2020-07-02,lookback=5,2,sharpe,1.5,2,0.0298,0.1,0.1,1,0.02,0.5,0.5,0.1,1,100\n' +
  'alpha,1,2020-03-01,2020-07-02,2020-07-03,2020-07-06,lookback=10,2,sharpe,,2,-0.02,-0.1,0.1,-1,0.03,0.25,0,0.05,,100\n' +
  '</script>,0,2020-01-01,2020-06-30,2020-07-01,2020-07-02,,1,sharpe,0.3,2,0,0,0,,0,0,0,,,80\n';
const DAILY =
  'factor,window,date,return,ic\n' +
  'alpha,0,2020-07-01,0.1,0.2\nalpha,0,2020-07-02,-0.2,\nalpha,1,2020-07-03,0.05,0.1\nalpha,1,2020-07-06,,0.0\n' +
  '</script>,0,2020-07-01,0,\n</script>,0,2020-07-02,0,\n';
const AUDIT =
  'factor,window,segment,start,end,symbols,eligible_mean,eligible_min,eligible_max,scored_mean,excluded_no_price,excluded_history,excluded_price,excluded_liquidity,excluded_rank\n' +
  'alpha,0,train,2020-01-01,2020-06-30,120,101.12345678901,99,103,100,1,2,3,4,0\nalpha,0,test,2020-07-01,2020-07-02,120,100,100,100,100,0,0,0,0,0\n';
const DRIFT = 'factor,window,change,before,after,cause\nalpha,,verdict_changed,PASS,FAIL,"data revised from 2020-07-01 for symbols S001 (2020-07-01), S002 (2020-07-02)"\n';

function summary(over: Partial<OosSummary>): OosSummary {
  const base: OosSummary = {
    windows: 2,
    oosDays: 4,
    oosSharpe: 0.7,
    oosAnnReturn: 0.1,
    oosMaxDrawdown: 0.2,
    oosMeanIc: 0.1,
    oosIcTstat: 2.5,
    positiveWindowFrac: 0.5,
    universeMean: 100,
    trials: 2,
    candidates: 2,
    candidateSharpeVariance: 0.01,
    dsr: 0.97,
    pbo: Number.NaN,
    paramStability: 0.5,
    oosGapFrac: 0,
  };
  return { ...base, ...over };
}

const ROWS: GateReportRow[] = [
  { factor: '</script>', summary: summary({ oosSharpe: Number.NaN, candidates: 1, trials: 1 }), verdict: { pass: false, failedGates: ['min_oos_sharpe'] } },
  { factor: 'alpha', summary: summary({}), verdict: { pass: false, failedGates: ['min_positive_window_frac'] } },
];

let dir: string | null = null;
afterEach(() => {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function runFolder(withDrift: boolean): string {
  dir = mkdtempSync(join(tmpdir(), 'wf-html-'));
  writeFileSync(join(dir, 'walk_forward_summary.csv'), SUMMARY);
  writeFileSync(join(dir, 'oos_daily.csv'), DAILY);
  writeFileSync(join(dir, 'universe_audit.csv'), AUDIT);
  if (withDrift) writeFileSync(join(dir, 'drift.csv'), DRIFT);
  return dir;
}

const portfolio = { ...DEFAULT_PORTFOLIO_CONFIG, costBps: 20 };

describe('collectHtmlReportData', () => {
  it('stitches equity and drawdown, splits each window into gross, cost and net, and annualizes them', () => {
    const data = collectHtmlReportData({ outDir: runFolder(true), rows: ROWS, thresholds: DEFAULT_GATE_THRESHOLDS, portfolio, protocolVersion: 2, facts: [] });
    const alpha = data.factors[1];
    expect(alpha?.row.factor).toBe('alpha');
    expect(alpha?.daily.window).toEqual([0, 0, 1, 1]);
    // E = 1.1, 0.88, 0.924, 0.924 (a missing return counts 0); peak max(1, E) = 1.1.
    const equity = [1.1, 1.1 * 0.8, 1.1 * 0.8 * 1.05, 1.1 * 0.8 * 1.05];
    alpha?.daily.equity.forEach((e, d) => expect(e).toBeCloseTo(equity[d] as number, 14));
    alpha?.daily.drawdown.forEach((dd, d) => expect(dd).toBeCloseTo(1 - (equity[d] as number) / 1.1, 14));
    expect(alpha?.daily.returns[3]).toBeNaN();
    // cost = turnover x days x 20 bps: 0.5 x 2 x 0.002 and 0.25 x 2 x 0.002.
    expect(alpha?.windows[0]?.costSum).toBeCloseTo(0.002, 15);
    expect(alpha?.windows[0]?.netSum).toBeCloseTo(-0.1, 15);
    expect(alpha?.windows[0]?.grossSum).toBeCloseTo(-0.098, 15);
    expect(alpha?.windows[1]?.costSum).toBeCloseTo(0.001, 15);
    expect(alpha?.windows[1]?.params).toBe('lookback=10');
    expect(alpha?.windows[1]?.isObjective).toBeNaN();
    expect(alpha?.annual.costDrag).toBeCloseTo((0.003 / 4) * 252, 12);
    expect(alpha?.annual.net).toBeCloseTo((-0.05 / 4) * 252, 12);
    expect(alpha?.annual.gross).toBeCloseTo((-0.047 / 4) * 252, 12);
    expect(alpha?.annual.turnoverPerDay).toBeCloseTo(0.375, 15);
    expect(alpha?.audit).toHaveLength(2);
    expect(alpha?.drift).toEqual([['alpha', '', 'verdict_changed', 'PASS', 'FAIL', 'data revised from 2020-07-01 for symbols S001 (2020-07-01), S002 (2020-07-02)']]);
    expect(alpha?.margins.find((m) => m.gate === 'min_positive_window_frac')?.margin).toBeCloseTo(-0.05, 12);
    expect(data.compared).toBe(true);
  });
});

describe('renderGateReportHtml', () => {
  it('writes one self-contained page: every factor section, its charts, margins, windows, audit and changes, nothing fetched', () => {
    const data = collectHtmlReportData({ outDir: runFolder(true), rows: ROWS, thresholds: DEFAULT_GATE_THRESHOLDS, portfolio, protocolVersion: 2, facts: [['config', 'c.yaml']] });
    const html = renderGateReportHtml(data, loadChartAssets());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('0 of 2 factors pass');
    expect(html.match(/<section class="factor"/g)).toHaveLength(2);
    // uPlot inlined; no URL the page would fetch.
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    // A hostile factor id cannot close the data script or inject markup.
    expect(html.split('</script>').length - 1).toBe(3);
    expect(html).toContain('&lt;/script&gt;');
    for (const kind of FACTOR_CHART_KINDS.filter((k) => k !== 'quantiles')) expect(html).toContain(`data-factor="alpha" data-kind="${kind}"`);
    expect(html).toContain('Quantile mean returns</h3><p class="note">Not computed: the run did not use the signal cache');
    expect(html).toContain('Fails min_positive_window_frac by 0.0500 (0.5000 against 0.5500).');
    expect(html).toContain('<td>lookback=10</td>');
    expect(html).toContain('<td>2020-03-01 .. 2020-07-02<br>2020-07-03 .. 2020-07-06</td>');
    expect(html).toContain('101.123'); // long protocol numbers shortened in the audit table
    expect(html).toContain('verdict_changed');
    // The embedded chart data parses and carries each window's cost split.
    const json = /<script type="application\/json" id="wf-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const embedded = JSON.parse(json) as { factors: { factor: string; windows: { cost: number }[]; ic: (number | null)[] }[] };
    expect(embedded.factors.map((f) => f.factor)).toEqual(['</script>', 'alpha']);
    expect(embedded.factors[1]?.windows.map((w) => w.cost)).toEqual([0.002, 0.001]);
    expect(embedded.factors[1]?.ic[1]).toBeNull();
    // Equal inputs, equal bytes.
    expect(renderGateReportHtml(data, loadChartAssets())).toBe(html);
  });

  it('says when there is no previous run and draws quantile bars when q1..qQ are given', () => {
    const quantiles = new Map([['alpha', { overall: [-0.001, 0, 0.001, 0.002, 0.003], byWindow: [[-0.001, 0, 0.001, 0.002, 0.003], [0, 0, 0, 0, Number.NaN]] }]]);
    const data = collectHtmlReportData({ outDir: runFolder(false), rows: ROWS, thresholds: DEFAULT_GATE_THRESHOLDS, portfolio, protocolVersion: 2, facts: [], quantiles });
    const html = renderGateReportHtml(data, { script: '', style: '' });
    expect(data.compared).toBe(false);
    expect(html).toContain('No previous run of this config to compare with.');
    expect(html).toContain('data-factor="alpha" data-kind="quantiles"');
    expect(html).not.toContain('data-factor="&lt;/script&gt;" data-kind="quantiles"');
    expect(html).toContain('<td>30.00</td>'); // q5 overall: 0.003 = 30 bps a day
  });
});
