import { GATE_NAMES, PROTOCOL_VERSION } from '@wf/engine';
import type { GateThresholds } from '@wf/engine';
import type { GateReportRow } from './computeGateReport.js';
import { computeGateMargins } from './computeGateMargins.js';
import { fixed, signed } from './formatFigure.js';
import type { WindowSummary } from './readWindowSummaries.js';

/** The chart of a factor, relative to the run folder. */
export function chartPath(factor: string): string {
  return `charts/${factor}.svg`;
}

/**
 * `gate_report.json`: the verdict per factor with every section 8 and 8b figure (NaN as null),
 * the thresholds checked and the chart path. Keys are snake_case, the names of gate_report.csv's
 * columns and of the config's gates. No times: equal runs give equal bytes.
 */
export function formatGateReportJson(rows: readonly GateReportRow[], thresholds: GateThresholds): string {
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const report = {
    protocol_version: PROTOCOL_VERSION,
    pass: rows.length > 0 && rows.every((r) => r.verdict.pass),
    thresholds: Object.fromEntries(GATE_NAMES.filter((g) => thresholds[g] !== undefined).map((g) => [g, thresholds[g]])),
    factors: rows.map(({ factor, summary: s, verdict }) => ({
      factor,
      pass: verdict.pass,
      failed_gates: verdict.failedGates,
      windows: s.windows,
      oos_days: s.oosDays,
      oos_sharpe: num(s.oosSharpe),
      oos_ann_return: num(s.oosAnnReturn),
      oos_max_drawdown: num(s.oosMaxDrawdown),
      oos_mean_ic: num(s.oosMeanIc),
      oos_ic_tstat: num(s.oosIcTstat),
      positive_window_frac: num(s.positiveWindowFrac),
      universe_mean: num(s.universeMean),
      trials: s.trials,
      candidate_sharpe_variance: num(s.candidateSharpeVariance),
      dsr: num(s.dsr),
      candidates: s.candidates,
      pbo: num(s.pbo),
      param_stability: num(s.paramStability),
      oos_gap_frac: num(s.oosGapFrac),
      chart: chartPath(factor),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * `gate_report.md`: a verdict table, every gate's margin, the thresholds and per factor its
 * equity chart and (given `windows`, the summary rows by factor) each window's selected params.
 */
export function formatGateReportMarkdown(
  rows: readonly GateReportRow[],
  thresholds: GateThresholds,
  windows: ReadonlyMap<string, readonly WindowSummary[]> = new Map(),
): string {
  const passed = rows.filter((r) => r.verdict.pass).length;
  const lines = [
    '# Production gate report',
    '',
    `Protocol v${PROTOCOL_VERSION}. ${passed} of ${rows.length} factors pass; the gate ${passed === rows.length && rows.length > 0 ? 'PASSES' : 'FAILS'}.`,
    '',
    '| factor | verdict | OOS Sharpe | OOS ann. return | OOS max DD | mean IC | IC t-stat | positive windows | universe | trials | DSR | PBO | param stability | OOS gap frac | failed gates |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { factor, summary: s, verdict } of rows) {
    lines.push(
      `| ${factor} | ${verdict.pass ? 'PASS' : 'FAIL'} | ${fixed(s.oosSharpe, 2)} | ${fixed(s.oosAnnReturn, 4)} | ${fixed(s.oosMaxDrawdown, 4)} | ` +
        `${fixed(s.oosMeanIc, 4)} | ${fixed(s.oosIcTstat, 2)} | ${fixed(s.positiveWindowFrac, 2)} | ${fixed(s.universeMean, 1)} | ${s.trials} | ` +
        `${fixed(s.dsr, 3)} | ${fixed(s.pbo, 3)} | ${fixed(s.paramStability, 2)} | ${fixed(s.oosGapFrac, 5)} | ${verdict.failedGates.join(', ')} |`,
    );
  }
  const checked = GATE_NAMES.filter((gate) => thresholds[gate] !== undefined);
  lines.push(
    '',
    '## Margins',
    '',
    'How far each figure is on the passing side of its threshold (a `min_` gate: figure - threshold; a `max_` gate: threshold - figure); negative fails, in bold.',
    '',
    `| factor | ${checked.join(' | ')} |`,
    `|---|${checked.map(() => '---|').join('')}`,
  );
  for (const { factor, summary } of rows) {
    const margins = computeGateMargins(summary, thresholds);
    const cells = checked.map((gate) => {
      const m = margins.find((x) => x.gate === gate);
      if (m === undefined || m.status === 'n/a') return 'n/a';
      const text = signed(m.margin, 4);
      return m.status === 'fail' ? `**${text}**` : text;
    });
    lines.push(`| ${factor} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Thresholds (PROTOCOL sections 8 and 8b)', '', '| gate | threshold |', '|---|---|');
  for (const gate of GATE_NAMES) lines.push(`| ${gate} | ${thresholds[gate] === undefined ? 'not checked' : String(thresholds[gate])} |`);
  lines.push('', '## Out-of-sample equity (stitched test windows) and windows', '');
  for (const { factor } of rows) {
    lines.push(`### ${factor}`, '', `![${factor} equity](${chartPath(factor)})`, '');
    const list = windows.get(factor) ?? [];
    if (list.length === 0) continue;
    lines.push('| window | test | params | IS objective | OOS Sharpe | total return | max DD | turnover | mean IC |', '|---|---|---|---|---|---|---|---|---|');
    for (const w of list) {
      lines.push(
        `| ${w.window} | ${w.testStart} .. ${w.testEnd} | ${w.params === '' ? '(defaults)' : w.params} | ${fixed(w.isObjective, 4)} | ${fixed(w.oosSharpe, 2)} | ` +
          `${fixed(w.oosTotalReturn, 4)} | ${fixed(w.oosMaxDrawdown, 4)} | ${fixed(w.oosTurnover, 3)} | ${fixed(w.oosMeanIc, 4)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The verdict table printed on stdout: one line per factor and a closing verdict line. */
export function formatVerdictTable(rows: readonly GateReportRow[]): string {
  const header = ['factor', 'verdict', 'sharpe', 'ic_tstat', 'max_dd', 'pos_win', 'dsr', 'universe', 'trials', 'pbo', 'stab', 'gap_frac', 'failed gates'];
  const body = rows.map(({ factor, summary: s, verdict }) => [
    factor,
    verdict.pass ? 'PASS' : 'FAIL',
    fixed(s.oosSharpe, 2),
    fixed(s.oosIcTstat, 2),
    fixed(s.oosMaxDrawdown, 3),
    fixed(s.positiveWindowFrac, 2),
    fixed(s.dsr, 3),
    fixed(s.universeMean, 1),
    String(s.trials),
    fixed(s.pbo, 3),
    fixed(s.paramStability, 2),
    fixed(s.oosGapFrac, 5),
    verdict.failedGates.join(','),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c <= 1 || c === cells.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const passed = rows.filter((r) => r.verdict.pass).length;
  const verdict = passed === rows.length && rows.length > 0 ? 'PASS' : 'FAIL';
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', `${passed} of ${rows.length} factors pass: ${verdict}`, ''].join('\n');
}
