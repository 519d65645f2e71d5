/**
 * wf-gates against an independent, deliberately naive implementation of PROTOCOL.md
 * (test-support/protocolReference.ts: written from the protocol text alone, loops and plain
 * sorts, no code shared with the engine) on generated markets, over the config space the S&P oracle
 * never visits: every construction, objective and window option, holding periods, costs,
 * quantiles, min_names, universe thresholds, top_n by market cap (a market-cap folder with
 * holes) and by dollar volume, a calendar file with a date no symbol trades, gates set, turned
 * off and left out, a trial ledger, and six seeded random configs; and again, where no market
 * caps, calendar or ledger are needed, on a market holding the data edges where two readings
 * part (flat closes, a duplicated symbol, zero volumes and closes, CRLF, `_data.csv` names).
 * walk_forward_summary.csv, universe_audit.csv and gate_report.csv must agree cell by cell:
 * text exactly (dates, params, counts, pass, failed gates), numbers within a relative 1e-9.
 * The reference is first checked against the protocol 2 oracle's files on the S&P nightly
 * config (about a minute: it is naive).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDate, generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRowsClose, parseRows, repoRoot, runGates } from './gatesHarness.js';
import { runProtocolReference } from '../../../test-support/protocolReference.js';
import { mulberry32 } from '../../../test-support/mulberry32.js';

const tmp = mkdtempSync(join(tmpdir(), 'wf-gates-reference-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every factor, with spaces that include candidates section 3's constraints drop. */
const ALL_FACTORS = [
  '  - { id: momentum, space: { lookback: [40, 90], skip: [0, 60] } }',
  '  - { id: reversal, space: { lookback: [3, 5, 10] } }',
  '  - { id: low_volatility, space: { lookback: [10, 30] } }',
  '  - { id: ma_cross, space: { fast: [5, 20], slow: [20, 50] } }',
  '  - { id: macd, params: { fast: 8, slow: 20, signal: 5 } }',
  '  - { id: rsi, space: { period: [5, 14] } }',
  '  - { id: bollinger, space: { period: [10, 25] } }',
  '  - { id: high_52w, params: { lookback: 60 } }',
  '  - { id: low_liquidity, space: { lookback: [10, 40] } }',
  '  - { id: amihud, params: { lookback: 15 } }',
];

beforeAll(() => {
  const market = generateSampleMarket({ symbols: 36, days: 620, seed: 11 });
  writeSampleMarket({ dir: join(tmp, 'prices'), market });
  const { panel } = market;
  // Market caps: close x a per-symbol share count, with a missing row, an empty field, and
  // one symbol without a file (NaN on every date: it cannot be ranked by cap).
  mkdirSync(join(tmp, 'caps'));
  for (let i = 0; i < panel.nSymbols; i++) {
    if (i === 5) continue;
    const lines = ['date,market_cap'];
    for (let t = 0; t < panel.nDates; t++) {
      const close = panel.close[t * panel.nSymbols + i] as number;
      if (!Number.isFinite(close) || (i === 7 && t % 50 === 3)) continue;
      lines.push(`${formatDate(panel.dates[t] as number)},${i === 9 && t === 400 ? '' : String(close * 1e6 * (1 + ((i * 37) % 50)))}`);
    }
    writeFileSync(join(tmp, 'caps', `${panel.symbols[i] as string}.csv`), `${lines.join('\n')}\n`);
  }
  // A calendar of the market's dates plus a Saturday no symbol trades (a NaN row).
  const dates = Array.from(panel.dates, formatDate);
  const extra = dates[300] as string;
  const saturday = new Date(`${extra}T00:00:00Z`);
  saturday.setUTCDate(saturday.getUTCDate() + ((6 - saturday.getUTCDay() + 7) % 7 || 7));
  const calendar = [...dates, saturday.toISOString().slice(0, 10)].sort();
  writeFileSync(join(tmp, 'calendar.csv'), `date,note\n${calendar.map((d) => `${d},x`).join('\n')}\n`);
  writeFileSync(join(tmp, 'ledger.csv'), 'factor,params,first_seen\nreversal,lookback=3,2020-01-02\nreversal,lookback=21,2020-01-02\nrsi,period=9,2020-02-03\nrsi,period=9,2020-02-03\nunknown,x=1,2020-01-02\n');
  writeEdgeMarket(join(tmp, 'edge', 'prices'));
});

/**
 * A second market whose files hold the edges where two readings of the protocol part:
 * flat closes at 20.1, 33.3 and 0.7 (std 0, though a rounded std of those values need not
 * be), an exact copy of another symbol (ties by symbol everywhere), zero volumes (DV 0, and
 * a month whose mean DV is 0: -ln(0) is not a finite score), a close of exactly the minimum
 * price with empty highs, a week of zero closes, CRLF line ends, and the `_data.csv` name
 * with an extra column.
 */
function writeEdgeMarket(dir: string): void {
  writeSampleMarket({ dir, market: generateSampleMarket({ symbols: 30, days: 520, seed: 5 }) });
  const rows = (symbol: string): string[][] =>
    readFileSync(join(dir, `${symbol}.csv`), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const write = (name: string, body: readonly (readonly string[])[], header = 'date,open,high,low,close,volume', eol = '\n'): void =>
    writeFileSync(join(dir, name), `${[header, ...body.map((r) => r.join(','))].join(eol)}${eol}`);
  const edit = (symbol: string, change: (row: string[], t: number) => string[]): void => write(`${symbol}.csv`, rows(symbol).map(change));
  // Flat closes at values no double holds exactly (a rounded std of equal values need not be 0).
  for (const [symbol, price, from, to] of [['S001', '20.1', 200, 320], ['S008', '33.3', 100, 400], ['S009', '0.7', 100, 400]] as const) {
    edit(symbol, (r, t) => (t >= from && t < to ? [r[0]!, price, price, price, price, r[5]!] : r));
  }
  rmSync(join(dir, 'S003.csv'));
  write('S003_data.csv', rows('S002').map((r) => [...r, 'S003']), 'date,open,high,low,close,volume,Name');
  edit('S004', (r, t) => (t % 17 === 0 || (t >= 300 && t < 330) ? [...r.slice(0, 5), '0'] : r));
  edit('S005', (r, t) => (t >= 150 && t < 400 ? [r[0]!, '5', t < 250 ? '' : '5.5', '4.9', '5', r[5]!] : r));
  edit('S007', (r, t) => (t >= 260 && t < 265 ? [...r.slice(0, 4), '0', r[5]!] : r));
  write('S006.csv', rows('S006'), undefined, '\r\n');
}

const CASES: readonly { readonly name: string; readonly config: readonly string[] }[] = [
  {
    name: 'defaults',
    config: ['data: { prices: prices }', 'windows: { warmup_days: 120, train_days: 160, test_days: 50 }', 'factors:', ...ALL_FACTORS],
  },
  {
    name: 'long_only, 3 quantiles, held 3 days, anchored with an embargo and a shorter step, mean_ic',
    config: [
      'data: { prices: prices }',
      'universe: { min_history: 90, min_price: 8, min_dollar_volume: 2.0e6 }',
      'windows: { warmup_days: 100, train_days: 120, test_days: 45, step_days: 30, embargo_days: 4, anchored: true }',
      'portfolio: { construction: long_only, quantiles: 3, holding_days: 3, cost_bps: 25, min_names: 6 }',
      'objective: mean_ic',
      'gates: { min_oos_sharpe: -0.5, min_oos_ic_tstat: null, max_oos_drawdown: 0.9, min_dsr: 0.01, min_universe_mean: 5, max_pbo: 0.6, min_param_stability: 0.7, max_oos_gap_frac: null }',
      'factors:',
      ...ALL_FACTORS,
    ],
  },
  {
    name: 'time_series by ic_tstat, top_n by market cap, a calendar with a NaN date, a trial ledger',
    config: [
      'data: { prices: prices, market_caps: caps, calendar: calendar.csv }',
      'universe: { top_n: 20, min_history: 40 }',
      'windows: { warmup_days: 130, train_days: 150, test_days: 60 }',
      'portfolio: { construction: time_series, holding_days: 2, cost_bps: 0, min_names: 12 }',
      'objective: ic_tstat',
      'ledger: ledger.csv',
      'gates: { min_universe_mean: 15, min_positive_window_frac: 0.4 }',
      'factors:',
      ...ALL_FACTORS,
    ],
  },
  {
    name: 'ann_return, top_n by dollar volume, 4 quantiles, min_names above the thin universe',
    config: [
      'data: { prices: prices }',
      'universe: { top_n: 14, min_price: 3, min_dollar_volume: 5.0e6 }',
      'windows: { warmup_days: 70, train_days: 200, test_days: 70, embargo_days: 1 }',
      'portfolio: { quantiles: 4, cost_bps: 5, min_names: 13 }',
      'objective: ann_return',
      'gates: { min_oos_ic_tstat: 0.5, min_dsr: 0.5, min_universe_mean: 8, max_oos_gap_frac: 0.01 }',
      'factors:',
      ...ALL_FACTORS,
    ],
  },
  {
    name: 'long_only in 10 quantiles held 5 days, a step longer than the test, one-day warm-up, short trains',
    config: [
      'data: { prices: prices, market_caps: caps }',
      'universe: { min_history: 20, min_price: 1, min_dollar_volume: 0, top_n: 30 }',
      'windows: { warmup_days: 1, train_days: 40, test_days: 25, step_days: 70 }',
      'portfolio: { construction: long_only, quantiles: 10, holding_days: 5, cost_bps: 50, min_names: 10 }',
      'gates: { min_oos_sharpe: 0, min_oos_ic_tstat: 0, max_oos_drawdown: null, min_positive_window_frac: 0.3, min_dsr: null, min_universe_mean: 10, max_pbo: 0.9, min_param_stability: 0.2 }',
      'factors:',
      ...ALL_FACTORS,
    ],
  },
  {
    name: 'quantile_long_short in 2 quantiles held 21 days by sharpe, anchored, a calendar, fixed params only',
    config: [
      'data: { prices: prices, calendar: calendar.csv }',
      'universe: { min_history: 250, min_dollar_volume: 3.0e6 }',
      'windows: { warmup_days: 260, train_days: 60, test_days: 30, anchored: true, embargo_days: 10 }',
      'portfolio: { quantiles: 2, holding_days: 21, cost_bps: 15, min_names: 2 }',
      'objective: sharpe',
      'gates: { min_universe_mean: 1, max_oos_gap_frac: 0.02 }',
      'factors:',
      '  - { id: momentum, params: { lookback: 120, skip: 5 } }',
      '  - { id: reversal }',
      '  - { id: bollinger, params: { period: 15 } }',
      '  - { id: rsi, space: { period: [3, 30, 60] } }',
    ],
  },
];

/** Seeded random configs: every option drawn from values around its edges (the same six on every run). */
const RANDOM_CASES = Array.from({ length: 6 }, (_, k) => {
  const random = mulberry32(1000 + k);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const quantiles = pick([2, 3, 4, 5, 7]);
  const data = `prices${random() < 0.5 ? ', market_caps: caps' : ''}${random() < 0.4 ? ', calendar: calendar.csv' : ''}`;
  const topN = random() < 0.5 ? `, top_n: ${pick([10, 18, 25])}` : '';
  return {
    name: `seeded config ${k}`,
    config: [
      `data: { prices: ${data} }`,
      `universe: { min_history: ${pick([1, 30, 60, 120])}, min_price: ${pick([0, 5, 9])}, min_dollar_volume: ${pick(['0', '1.0e6', '4.0e6'])}${topN} }`,
      `windows: { warmup_days: ${pick([1, 50, 130])}, train_days: ${pick([30, 90, 200])}, test_days: ${pick([20, 45, 80])}, step_days: ${pick([15, 45, 100])}, embargo_days: ${pick([0, 3])}, anchored: ${random() < 0.3} }`,
      `portfolio: { construction: ${pick(['quantile_long_short', 'long_only', 'time_series'])}, quantiles: ${quantiles}, holding_days: ${pick([1, 2, 4, 10])}, cost_bps: ${pick([0, 10, 40])}, min_names: ${quantiles + pick([0, 2, 8])} }`,
      `objective: ${pick(['sharpe', 'mean_ic', 'ic_tstat', 'ann_return'])}`,
      `gates: { min_oos_sharpe: ${pick(['0', '0.3', 'null'])}, min_universe_mean: 5, min_dsr: ${pick(['0.2', 'null'])}, max_pbo: ${pick(['0.5', 'null'])}, min_param_stability: ${pick(['0.5', 'null'])} }`,
      'factors:',
      ...ALL_FACTORS,
    ],
  };
});

/** Runs the reference and wf-gates on `config` (paths relative to `dir`) and compares the three protocol files. */
async function agree(dir: string, k: number, name: string, config: readonly string[]): Promise<void> {
  const configPath = join(dir, `config-${k}.yaml`);
  writeFileSync(configPath, `${config.join('\n')}\n`);
  const ledger = join(dir, 'ledger.csv');
  const ledgerBefore = existsSync(ledger) ? readFileSync(ledger, 'utf8') : null;
  const reference = runProtocolReference(configPath);
  const out = join(dir, `run-${k}`);
  const result = await runGates(['--config', configPath, '--out', out, '--cache-dir', join(dir, 'cache'), '--wf-shards', '2', '--log-level', 'warn', '--run-date', '2026-01-05']);
  expect([0, 1], result.stderr).toContain(result.code);
  expect(reference.gateReport.length).toBe(config.filter((line) => line.startsWith('  - { id:')).length);
  expectRowsClose(parseRows(readFileSync(join(out, 'walk_forward_summary.csv'))), reference.walkForwardSummary, `${name}: walk_forward_summary.csv`);
  expectRowsClose(parseRows(readFileSync(join(out, 'universe_audit.csv'))), reference.universeAudit, `${name}: universe_audit.csv`);
  expectRowsClose(parseRows(readFileSync(join(out, 'gate_report.csv'))), reference.gateReport, `${name}: gate_report.csv`);
  // The run appended tonight's candidates to the ledger; the next case starts from the same one.
  if (ledgerBefore !== null) writeFileSync(ledger, ledgerBefore);
}

describe('wf-gates against the independent protocol reference', () => {
  // The reference itself first: on the S&P nightly config it gives the protocol 2 oracle's
  // files (../shared/expected/sp500-nightly-v2, written by another implementation), so the
  // cases below compare wf-gates with something known to read the protocol right.
  it('the reference agrees with the protocol 2 oracle on the S&P 500 nightly config', () => {
    const expected = join(repoRoot, '../shared/expected/sp500-nightly-v2');
    const reference = runProtocolReference(join(repoRoot, '../shared/configs/sp500-nightly.yaml'));
    expectRowsClose(reference.walkForwardSummary, parseRows(readFileSync(join(expected, 'walk_forward_summary.csv'))), 'reference: walk_forward_summary.csv');
    expectRowsClose(reference.universeAudit, parseRows(readFileSync(join(expected, 'universe_audit.csv'))), 'reference: universe_audit.csv');
    expectRowsClose(reference.gateReport, parseRows(readFileSync(join(expected, 'gate_report.csv'))), 'reference: gate_report.csv');
  }, 900_000);

  for (const [k, { name, config }] of [...CASES, ...RANDOM_CASES].entries()) {
    it(`agrees on ${name}`, () => agree(tmp, k, name, config), 240_000);
  }
  // The edge market: the cases that need no market caps, calendar or ledger.
  const plain = [...CASES, ...RANDOM_CASES].filter(({ config }) => !config.some((line) => /caps|calendar|ledger/.test(line)));
  for (const [k, { name, config }] of plain.entries()) {
    it(`agrees on the edge market, ${name}`, () => agree(join(tmp, 'edge'), k, name, config), 240_000);
  }
});
