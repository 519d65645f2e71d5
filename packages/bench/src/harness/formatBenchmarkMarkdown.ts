import type { BenchmarkReport, ScenarioReport } from './BenchmarkReport.js';

const s = (ms: number): string => (ms / 1000).toFixed(2);

/**
 * report.md: output differences first (a failed run says so at the top), then the table
 * per group with the speed-up against the group's baseline, the comparison rules, the
 * machine and how to reproduce.
 */
export function formatBenchmarkMarkdown(report: BenchmarkReport, charts: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`# Performance benchmarks: ${report.label} (${report.date})`, '');
  if (report.differences.length > 0) {
    lines.push(`## FAILED: ${report.differences.length} output difference(s)`, '');
    for (const d of report.differences) {
      lines.push(`- **${d.message}** (${d.kind})`);
      for (const g of d.digests) lines.push(`  - ${g.source}: \`${g.comparedSha256.slice(0, 16)}\``);
    }
    lines.push('');
  } else {
    lines.push(`All outputs agree: every run of every scenario wrote the same bytes, and the scenarios of each group agree on every protocol output.`, '');
  }
  if (report.comparedTo !== null) {
    lines.push(`## Against ${report.comparedTo}`, '');
    if (report.timingChanges.length === 0) lines.push('No scenario moved beyond the spread (min..max) of the runs.', '');
    for (const c of report.timingChanges) {
      lines.push(`- ${c.kind === 'regression' ? '**REGRESSION**' : 'improvement'} ${c.id}: median ${s(c.previous.medianMs)} s -> ${s(c.current.medianMs)} s (x${c.ratio}; ranges ${s(c.previous.minMs)}-${s(c.previous.maxMs)} vs ${s(c.current.minMs)}-${s(c.current.maxMs)})`);
    }
    if (report.timingChanges.length > 0) lines.push('');
  }
  lines.push(
    `- machine: ${report.machine.cores} x ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, ${report.machine.platform}`,
    `- node ${report.machine.node}; commit ${report.machine.commit ?? '(not a git checkout)'}`,
    `- config ${report.inputs.config} (sha256 ${report.inputs.configSha256.slice(0, 16)}); prices ${report.inputs.prices ?? '(the config\'s)'}`,
    `- ${report.runs} measured runs per scenario after one warm-up run, each run as real child processes; wall = spawn to merge; CPU = user+sys of every process (process.resourceUsage() at exit, forked children included); RSS = peak of the largest process (sum of peaks in parentheses when several)`,
    `- command: \`${report.command}\``,
    '',
  );
  const groups = [...new Set(report.scenarios.map((x) => x.group))];
  lines.push('| group | scenario | median wall s | min-max s | CPU s (median) | peak RSS MiB | speed-up vs baseline |', '|---|---|---:|---:|---:|---:|---:|');
  for (const group of groups) {
    for (const x of report.scenarios.filter((y) => y.group === group)) lines.push(row(x));
  }
  lines.push('', 'Speed-up = baseline median wall / scenario median wall; the baseline of each group is the old or simplest mode (marked *).', '');
  lines.push('## Scenarios', '');
  for (const x of report.scenarios) lines.push(`- \`${x.id}\`${x.baseline ? ' *' : ''}: ${x.title}`);
  lines.push('', '## Protocol outputs compared', '');
  for (const group of groups) {
    const first = report.scenarios.find((x) => x.group === group) as ScenarioReport;
    const rules = first.outputs.map((o) => (o.ignoreKeys.length === 0 ? `${o.file} (bytes)` : `${o.file} (without ${o.ignoreKeys.join(', ')}: ${o.why ?? ''})`));
    const digests = first.outputs.map((o) => `${o.file} \`${o.comparedSha256.slice(0, 12)}\``).join(', ');
    lines.push(`- ${group}: ${rules.join('; ')}. Digests (${first.id}): ${digests}`);
  }
  if (charts.length > 0) {
    lines.push('', '## Charts', '');
    for (const c of charts) lines.push(`![${c}](${c})`);
  }
  lines.push('');
  return lines.join('\n');
}

function row(x: ScenarioReport): string {
  const rss = x.processes > 1 ? `${x.peakRssMiB.median.toFixed(0)} (${x.sumPeakRssMiB.toFixed(0)})` : x.peakRssMiB.median.toFixed(0);
  const speedup = x.baseline ? 'baseline' : x.speedup === null ? '-' : `${x.speedup.toFixed(2)}x`;
  return `| ${x.group} | ${x.id}${x.baseline ? ' *' : ''} | ${s(x.wall.medianMs)} | ${s(x.wall.minMs)}-${s(x.wall.maxMs)} | ${s(x.cpu.medianMs)} | ${rss} | ${speedup} |`;
}
