import type { MachineInfo } from '../measure/machineInfo.js';
import type { EngineBenchmarkResult } from './runEngineBenchmark.js';

export type EngineReportOptions = {
  readonly result: EngineBenchmarkResult;
  readonly machine: MachineInfo;
  readonly command: string;
  readonly label: string;
  readonly date: string;
  /** Targets of the issue, in ms. */
  readonly targets: { readonly cacheLoadMs: number; readonly factorEvaluationMs: number };
};

/** The Markdown report of an engine benchmark run. */
export function formatEngineReport(options: EngineReportOptions): string {
  const { result, machine, targets } = options;
  const verdict = (value: number, target: number): string => (value <= target ? 'met' : 'MISSED');
  const lines = [
    `# Engine benchmark: ${options.label} (${options.date})`,
    '',
    `Command: \`${options.command}\``,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}; Node ${machine.node}; commit ${machine.commit ?? 'unknown'}.`,
    `Panel: ${result.panel.symbols} symbols x ${result.panel.dates} dates.`,
    '',
    '## Panel load (each run a fresh process)',
    '',
    '| path | median ms | min | max | runs | process max RSS MiB | target |',
    '|---|---:|---:|---:|---:|---:|---|',
    `| CSV load, no cache (strict scanner, csv-parse for what it declines) | ${result.csvLoad.medianMs} | ${result.csvLoad.minMs} | ${result.csvLoad.maxMs} | ${result.csvLoad.runs} | ${result.processMaxRssMiB.csv} | |`,
    `| binary panel cache | ${result.cacheLoad.medianMs} | ${result.cacheLoad.minMs} | ${result.cacheLoad.maxMs} | ${result.cacheLoad.runs} | ${result.processMaxRssMiB.cache} | < ${targets.cacheLoadMs} ms: ${verdict(result.cacheLoad.medianMs, targets.cacheLoadMs)} |`,
    '',
    `Market context (returns, universe, return ranking; once per process): median ${result.marketContext.medianMs} ms.`,
    '',
    '## Full-panel evaluation of one parameter set (defaults), in process after one warm-up',
    '',
    'score matrix + scored set ranked per date + daily long-short returns, IC and quantile returns over every date, and metrics.',
    '',
    '| factor | params | scores ms | rank ms | simulate ms | total median ms | total min | total max | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...result.factors.map(
      (f) =>
        `| ${f.factor} | ${f.params} | ${f.scores.medianMs} | ${f.rank.medianMs} | ${f.simulate.medianMs} | ${f.total.medianMs} | ${f.total.minMs} | ${f.total.maxMs} | < ${targets.factorEvaluationMs} ms: ${verdict(f.total.medianMs, targets.factorEvaluationMs)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
