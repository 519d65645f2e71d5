import type { ScenarioReport } from './BenchmarkReport.js';

const COLUMNS = ['group', 'scenario', 'baseline', 'runs', 'wall_median_ms', 'wall_min_ms', 'wall_max_ms', 'cpu_median_ms', 'peak_rss_mib', 'sum_peak_rss_mib', 'processes', 'speedup_vs_baseline', 'outputs_sha256'];

/** report.csv: one row per scenario (outputs as `file=sha256` joined by `;`). */
export function formatBenchmarkCsv(scenarios: readonly ScenarioReport[]): string {
  const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = scenarios.map((x) =>
    [
      x.group,
      x.id,
      String(x.baseline),
      String(x.wall.runs),
      String(x.wall.medianMs),
      String(x.wall.minMs),
      String(x.wall.maxMs),
      String(x.cpu.medianMs),
      String(x.peakRssMiB.median),
      String(x.sumPeakRssMiB),
      String(x.processes),
      x.speedup === null ? '' : String(x.speedup),
      x.outputs.map((o) => `${o.file}=${o.sha256}`).join(';'),
    ]
      .map(quote)
      .join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\n')}\n`;
}
