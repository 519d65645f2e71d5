import { GATE_NAMES } from '@wf/engine';
import type { GateMargin } from '../computeGateMargins.js';
import { fixed, signed } from '../formatFigure.js';
import type { FactorReportData, HtmlReportData } from './collectHtmlReportData.js';
import { REPORT_PAGE_SCRIPT } from './reportPageScript.js';
import { REPORT_PAGE_STYLE } from './reportPageStyle.js';

/** The charting library's code and style, inlined into the page (no network). */
export type ChartAssets = { readonly script: string; readonly style: string };

/** The chart kinds drawn in every factor section (a `div.chart[data-kind]` each; quantiles only when computed). */
export const FACTOR_CHART_KINDS = ['equity', 'drawdown', 'costs', 'turnover', 'ic', 'quantiles'] as const;

/**
 * gate_report.html: one self-contained page (the charting library inlined, the data embedded
 * as JSON; opens offline). Tables are plain HTML, readable without scripts; the charts are
 * drawn by the page's script from the embedded data. No times: equal runs give equal bytes.
 */
export function renderGateReportHtml(data: HtmlReportData, assets: ChartAssets): string {
  const passed = data.factors.filter((f) => f.row.verdict.pass).length;
  const pass = passed === data.factors.length && data.factors.length > 0;
  const chartData = data.factors.map((f) => ({
    factor: f.row.factor,
    dates: f.daily.dates,
    window: f.daily.window,
    ic: f.daily.ic.map(round),
    equity: f.daily.equity.map(round),
    drawdown: f.daily.drawdown.map(round),
    windows: f.windows.map((w) => ({
      window: w.window,
      testStart: w.testStart,
      net: round(w.netSum),
      gross: round(w.grossSum),
      cost: round(w.costSum),
      turnover: round(w.oosTurnover),
      meanIc: round(w.oosMeanIc),
    })),
    quantiles: f.quantiles === null ? null : { overall: f.quantiles.overall.map(round), byWindow: f.quantiles.byWindow.map((q) => q.map(round)) },
  }));
  const body = [
    `<header><h1>Production gate report</h1>`,
    `<p class="verdict ${pass ? 'pass' : 'fail'}">${passed} of ${data.factors.length} factors pass: the gate ${pass ? 'PASSES' : 'FAILS'}</p>`,
    renderFacts(data),
    `</header>`,
    `<nav><ul>${data.factors.map((f) => `<li><a href="#factor-${attr(f.row.factor)}" class="${f.row.verdict.pass ? 'pass' : 'fail'}">${text(f.row.factor)}</a></li>`).join('')}</ul></nav>`,
    `<main>`,
    renderVerdictTable(data),
    ...data.factors.map((f) => renderFactor(f, data)),
    `</main>`,
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Gate report: ${passed} of ${data.factors.length} pass</title>`,
    `<style>${assets.style}</style>`,
    `<style>${REPORT_PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script type="application/json" id="wf-data">${scriptJson({ costBps: data.portfolio.costBps, factors: chartData })}</script>`,
    `<script>${assets.script}</script>`,
    `<script>${REPORT_PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderFacts(data: HtmlReportData): string {
  const p = data.portfolio;
  const rows: (readonly [string, string])[] = [
    ['protocol', `v${data.protocolVersion}`],
    ...data.facts,
    ['portfolio', `${p.construction}, ${p.quantiles} quantiles, holding ${p.holdingDays} day(s), cost ${p.costBps} bps per unit of turnover, min ${p.minNames} names`],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${text(k)}</dt><dd>${text(v)}</dd>`).join('')}</dl>`;
}

/** Every factor against every gate: figure, threshold in the header, margin under the figure. */
function renderVerdictTable(data: HtmlReportData): string {
  const gates = GATE_NAMES.filter((g) => data.thresholds[g] !== undefined || data.factors.some((f) => Number.isFinite(f.margins.find((m) => m.gate === g)?.value)));
  const head = gates.map((g) => `<th title="${attr(gateRule(g))}">${text(g).replace(/_/g, '_<wbr>')}<br><span class="threshold">${thresholdText(data, g)}</span></th>`).join('');
  const rows = data.factors.map((f) => {
    const cells = gates.map((g) => marginCell(f.margins.find((m) => m.gate === g) as GateMargin)).join('');
    return `<tr><th scope="row"><a href="#factor-${attr(f.row.factor)}">${text(f.row.factor)}</a></th><td class="${f.row.verdict.pass ? 'pass' : 'fail'}">${f.row.verdict.pass ? 'PASS' : 'FAIL'}</td>${cells}</tr>`;
  });
  return [
    `<section id="verdicts"><h2>Verdicts</h2>`,
    `<p class="note">Each cell: the figure, and below it the margin to the threshold (positive: on the passing side; a min gate's margin is figure - threshold, a max gate's threshold - figure). Red cells fail.</p>`,
    `<div class="scroll"><table class="verdicts"><thead><tr><th>factor</th><th>verdict</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
    `</section>`,
  ].join('\n');
}

function marginCell(m: GateMargin): string {
  const value = fixed(m.value, 4);
  if (m.status === 'off') return `<td class="off" title="not checked">${value}</td>`;
  const title = m.status === 'n/a' ? 'one candidate: this selection gate does not apply' : `${m.gate}: ${fixed(m.value, 6)} vs ${fixed(m.threshold ?? Number.NaN, 6)}`;
  return `<td class="${m.status === 'fail' ? 'fail' : m.status === 'n/a' ? 'off' : 'pass'}" title="${attr(title)}">${value}<br><span class="margin">${signed(m.margin, 4)}</span></td>`;
}

function renderFactor(f: FactorReportData, data: HtmlReportData): string {
  const { factor, summary: s, verdict } = f.row;
  const id = attr(factor);
  const failures = f.margins.filter((m) => m.status === 'fail');
  const why =
    failures.length === 0
      ? 'Every checked gate passes.'
      : `Fails ${failures.map((m) => `${m.gate} by ${fixed(Math.abs(m.margin), 4)} (${fixed(m.value, 4)} against ${fixed(m.threshold ?? Number.NaN, 4)})`).join('; ')}.`;
  const costNote =
    `Annualized (252 x mean daily return over ${s.oosDays} test days): gross ${pct(f.annual.gross)}, cost drag ${pct(f.annual.costDrag)} ` +
    `(turnover ${fixed(f.annual.turnoverPerDay, 3)} of the book a day x ${data.portfolio.costBps} bps x 252), net ${pct(f.annual.net)}.`;
  const gateRows = f.margins
    .map((m) => `<tr class="${m.status}"><td>${text(m.gate)}</td><td>${fixed(m.value, 6)}</td><td>${m.threshold === null ? 'not checked' : fixed(m.threshold, 6)}</td><td>${m.status === 'off' ? '' : signed(m.margin, 6)}</td><td>${m.status.toUpperCase()}</td></tr>`)
    .join('');
  const figures: [string, string][] = [
    ['windows', String(s.windows)],
    ['OOS days', String(s.oosDays)],
    ['OOS ann. return (compounded)', pct(s.oosAnnReturn)],
    ['mean IC', fixed(s.oosMeanIc, 4)],
    ['trials N / candidates K', `${s.trials} / ${s.candidates}`],
    ['V (candidate Sharpe variance)', fixed(s.candidateSharpeVariance, 6)],
  ];
  return [
    `<section class="factor" id="factor-${id}" data-factor="${id}">`,
    `<h2>${text(factor)} <span class="badge ${verdict.pass ? 'pass' : 'fail'}">${verdict.pass ? 'PASS' : 'FAIL'}</span></h2>`,
    `<p class="why">${text(why)}</p>`,
    `<p class="costs">${text(costNote)}</p>`,
    `<div class="cols"><table class="gates"><thead><tr><th>gate</th><th>figure</th><th>threshold</th><th>margin</th><th>status</th></tr></thead><tbody>${gateRows}</tbody></table>`,
    `<dl class="figures">${figures.map(([k, v]) => `<dt>${text(k)}</dt><dd>${text(v)}</dd>`).join('')}</dl></div>`,
    `<h3>Stitched out-of-sample equity</h3><p class="note">Net of costs; dashed lines mark the start of each window's test segment.</p>`,
    chartDiv(factor, 'equity'),
    `<h3>Drawdown</h3>`,
    chartDiv(factor, 'drawdown'),
    `<h3>Gross vs net return and cost drag per window</h3><p class="note">Sum of the test segment's daily returns before costs (gross) and after (net); cost = turnover per day x days x ${data.portfolio.costBps} bps.</p>`,
    chartDiv(factor, 'costs'),
    `<h3>Turnover per window</h3><p class="note">Sum of rebalance turnovers / test days (PROTOCOL section 5).</p>`,
    chartDiv(factor, 'turnover'),
    `<h3>Daily IC by window</h3><p class="note">Daily Spearman IC of each test day (points) and each window's mean IC (steps).</p>`,
    chartDiv(factor, 'ic'),
    renderQuantiles(f, data),
    `<h3>Windows</h3>`,
    renderWindowTable(f),
    `<h3>Universe audit</h3>`,
    renderPlainTable(data.auditColumns.slice(1), f.audit.map((r) => r.slice(1)), 'audit'),
    renderDrift(f, data),
    `</section>`,
  ].join('\n');
}

function renderQuantiles(f: FactorReportData, data: HtmlReportData): string {
  if (f.quantiles === null) {
    return `<h3>Quantile mean returns</h3><p class="note">Not computed: the run did not use the signal cache (<code>--use-cache</code>), which serves them; <code>wf-report RUN_DIR</code> computes them.</p>`;
  }
  const q = f.quantiles;
  const header = q.overall.map((_, i) => `<th>q${i + 1}</th>`).join('');
  const row = (label: string, values: readonly number[]): string => `<tr><th scope="row">${text(label)}</th>${values.map((v) => `<td>${bps(v)}</td>`).join('')}</tr>`;
  return [
    `<h3>Quantile mean returns</h3><p class="note">Mean daily return of each of the ${data.portfolio.quantiles} score quantiles over the test days (q1: lowest scores; PROTOCOL section 5), in bps per day.</p>`,
    chartDiv(f.row.factor, 'quantiles'),
    `<div class="scroll"><table class="quantiles"><thead><tr><th>window</th>${header}</tr></thead><tbody>${row('all', q.overall)}${q.byWindow.map((values, k) => row(String(f.windows[k]?.window ?? k), values)).join('')}</tbody></table></div>`,
  ].join('\n');
}

function renderWindowTable(f: FactorReportData): string {
  const head = ['window', 'train / test', 'params', 'candidates', `IS ${f.windows[0]?.objective ?? 'objective'}`, 'days', 'total return', 'gross', 'cost', 'ann. return', 'Sharpe', 'max DD', 'turnover', 'hit rate', 'mean IC', 'IC t-stat', 'universe'];
  const rows = f.windows.map((w) =>
    [
      String(w.window),
      `${w.trainStart} .. ${w.trainEnd}\n${w.testStart} .. ${w.testEnd}`,
      w.params === '' ? '(defaults)' : w.params,
      String(w.candidates),
      fixed(w.isObjective, 4),
      String(w.oosDays),
      pct(w.oosTotalReturn),
      pct(w.grossSum),
      pct(w.costSum),
      pct(w.oosAnnReturn),
      fixed(w.oosSharpe, 2),
      fixed(w.oosMaxDrawdown, 4),
      fixed(w.oosTurnover, 3),
      fixed(w.oosHitRate, 3),
      fixed(w.oosMeanIc, 4),
      fixed(w.oosIcTstat, 2),
      fixed(w.oosUniverseMean, 1),
    ].map((cell) => text(cell).replace('\n', '<br>')),
  );
  return `<div class="scroll"><table class="windows"><thead><tr>${head.map((h) => `<th>${text(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

function renderDrift(f: FactorReportData, data: HtmlReportData): string {
  const title = '<h3>Since the previous run</h3>';
  if (!data.compared) return `${title}<p class="note">No previous run of this config to compare with.</p>`;
  if (f.drift.length === 0) return `${title}<p class="note">No change since the previous run.</p>`;
  return `${title}${renderPlainTable(data.driftColumns.slice(1), f.drift.map((r) => r.slice(1)), 'drift')}`;
}

function renderPlainTable(header: readonly string[], rows: readonly (readonly string[])[], cls: string): string {
  return `<div class="scroll"><table class="${cls}"><thead><tr>${header.map((h) => `<th>${text(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${text(shortNumber(c))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

function chartDiv(factor: string, kind: (typeof FACTOR_CHART_KINDS)[number]): string {
  return `<div class="chart" data-factor="${attr(factor)}" data-kind="${kind}" role="img" aria-label="${attr(`${factor} ${kind} chart`)}"></div>`;
}

function thresholdText(data: HtmlReportData, gate: (typeof GATE_NAMES)[number]): string {
  const threshold = data.thresholds[gate];
  if (threshold === undefined) return 'not checked';
  return `${gate.startsWith('max_') ? '&le;' : '&ge;'} ${text(String(threshold))}`;
}

function gateRule(gate: string): string {
  return gate.startsWith('max_') ? 'passes when the figure is at most the threshold' : 'passes when the figure is at least the threshold';
}

/** Numbers rounded to 8 significant digits for the embedded chart data (null for NaN): smaller pages, no visible change. */
function round(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(8)) : null;
}

/** A long protocol number shown with 6 significant digits; other text as is. */
function shortNumber(cell: string): string {
  if (!/^-?\d+\.\d{7,}(e[-+]?\d+)?$/.test(cell)) return cell;
  return String(Number(Number(cell).toPrecision(6)));
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-';
}

function bps(x: number): string {
  return Number.isFinite(x) ? (x * 1e4).toFixed(2) : '-';
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

/** JSON safe inside a script element (no `</script>`, no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
