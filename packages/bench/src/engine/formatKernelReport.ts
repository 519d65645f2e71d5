import type { KernelBenchmarkResult } from './runKernelBenchmark.js';

export type KernelReportOptions = {
  readonly result: KernelBenchmarkResult;
  /** Engine labels: the first is the baseline of the ratios. */
  readonly labels: readonly string[];
  readonly command: string;
  readonly machine: string;
  readonly date: string;
};

const ratio = (after: number, before: number): string => (after / before).toFixed(3);

/**
 * The kernel benchmark as Markdown: per candidate, median CPU ms of the score matrix and of
 * the full-panel evaluation for each engine, the ratios against the first engine, and whether
 * the score matrices are bit-identical; then the geometric mean of the ratios per factor.
 */
export function formatKernelReport(options: KernelReportOptions): string {
  const { result, labels, command, machine, date } = options;
  const [base, ...others] = labels;
  if (base === undefined) throw new Error('formatKernelReport needs at least one engine label');
  const lines = [
    `# Kernel benchmark (${date})`,
    '',
    `Command: \`${command}\``,
    '',
    `Machine: ${machine}. Panel: ${result.panel.symbols} symbols x ${result.panel.dates} dates.`,
    '',
    'Median process CPU ms per candidate (wall clock in the JSON); "evaluation" = a fresh BacktestEngine\'s daily table: scores, per-date ranking, daily long-short, IC and quantile series.',
    '',
    `| factor | params | ${labels.map((l) => `${l} scores`).join(' | ')} | ${labels.map((l) => `${l} evaluation`).join(' | ')} | ${others.map((l) => `scores ${l}/${base}`).join(' | ')} | ${others.map((l) => `evaluation ${l}/${base}`).join(' | ')} | same scores |`,
    `|---|---|${labels.map(() => '---:').join('|')}|${labels.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|---|`,
  ];
  for (const c of result.candidates) {
    const t = (label: string) => c.engines[label]!;
    lines.push(
      `| ${c.factor} | ${c.params} | ${labels.map((l) => t(l).scoresCpu.medianMs).join(' | ')} | ${labels.map((l) => t(l).evaluationCpu.medianMs).join(' | ')} | ${others
        .map((l) => ratio(t(l).scoresCpu.medianMs, t(base).scoresCpu.medianMs))
        .join(' | ')} | ${others.map((l) => ratio(t(l).evaluationCpu.medianMs, t(base).evaluationCpu.medianMs)).join(' | ')} | ${c.sameScores ? 'yes' : 'no'} |`,
    );
  }
  lines.push('', `Geometric mean of the median ratios per factor (against ${base}):`, '', `| factor | candidates | ${others.map((l) => `scores ${l}`).join(' | ')} | ${others.map((l) => `evaluation ${l}`).join(' | ')} |`, `|---|---:|${others.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`);
  const factors = [...new Set(result.candidates.map((c) => c.factor))];
  for (const factor of factors) {
    const rows = result.candidates.filter((c) => c.factor === factor);
    const geo = (label: string, field: 'scoresCpu' | 'evaluationCpu'): string =>
      Math.exp(rows.reduce((a, c) => a + Math.log(c.engines[label]![field].medianMs / c.engines[base]![field].medianMs), 0) / rows.length).toFixed(3);
    lines.push(`| ${factor} | ${rows.length} | ${others.map((l) => geo(l, 'scoresCpu')).join(' | ')} | ${others.map((l) => geo(l, 'evaluationCpu')).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
