import { csvText } from '@wf/walk-forward';
import { DRIFT_COLUMNS } from './compareRuns.js';
import type { DriftRow } from './compareRuns.js';

/** `drift.csv`: one row per change (DRIFT_COLUMNS), factors in id order, windows ascending. */
export function formatDriftCsv(rows: readonly DriftRow[]): string {
  return csvText([[...DRIFT_COLUMNS], ...rows.map((row) => DRIFT_COLUMNS.map((column) => String(row[column])))]);
}

/** The "Since the previous run" section of `gate_report.md`. */
export function formatDriftMarkdown(rows: readonly DriftRow[], previousRun: string): string {
  const lines = ['', `## Since the previous run`, '', `Compared with \`${previousRun}\`.`, ''];
  if (rows.length === 0) {
    lines.push('No verdict and no window changed.', '');
    return lines.join('\n');
  }
  const count = (change: DriftRow['change']): number => rows.filter((row) => row.change === change).length;
  lines.push(
    `${count('verdict_changed')} verdict changes, ${count('window_added')} windows added, ${count('window_changed')} windows changed, ` +
      `${count('window_removed')} windows removed (all rows in \`drift.csv\`).`,
    '',
    '| factor | window | change | before | after | cause |',
    '|---|---|---|---|---|---|',
  );
  for (const row of rows) {
    lines.push(`| ${[row.factor, row.window, row.change, row.before, row.after, row.cause].map(escapeCell).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
