import type { GateDataInfo } from '../plan/planGateRun.js';

/**
 * The gate report's data note (Markdown, appended to gate_report.md) when the config reads its
 * data leniently (`data.lenient: true`): how many row errors became NaN cells or skipped rows,
 * the first few, and where the rest are listed. Empty for a strict run, so its report is unchanged.
 */
export function formatDataWarningsMarkdown(data: GateDataInfo): string {
  const warnings = data.lenientWarnings;
  if (warnings === undefined) return '';
  const lines = ['', '## Data', ''];
  if (warnings.count === 0) {
    lines.push('Read leniently (`data.lenient: true`): no row errors.');
  } else {
    const rows = warnings.count === 1 ? 'row error was' : 'row errors were';
    lines.push(`Read leniently (\`data.lenient: true\`): **${warnings.count}** ${rows} turned into NaN cells or skipped rows (the first ${warnings.first.length} in \`manifest.json\`, \`data.lenientWarnings\`):`, '');
    for (const warning of warnings.first.slice(0, 5)) lines.push(`- ${warning.message.replaceAll('|', '\\|')}`);
    if (warnings.count > 5) lines.push(`- ... ${warnings.count - 5} more`);
  }
  return `${lines.join('\n')}\n`;
}
