import type { BenchmarkReport, OutputDifference, ScenarioReport, TimingChange } from './BenchmarkReport.js';

export type CompareReportsOptions = {
  readonly scenarios: readonly ScenarioReport[];
  readonly inputs: BenchmarkReport['inputs'];
  readonly previous: BenchmarkReport;
};

/**
 * Against a previous report: a scenario is a regression when even its fastest run is
 * slower than the previous report's slowest (its whole min..max range sits above the
 * previous one), an improvement in the mirror case; overlapping ranges are noise. When
 * both reports ran on the same inputs (config bytes and prices folder), every compared
 * output digest must also be unchanged: a change is an output difference.
 */
export function compareReports(options: CompareReportsOptions): { timingChanges: TimingChange[]; differences: OutputDifference[] } {
  const { previous } = options;
  const before = new Map(previous.scenarios.map((s) => [s.id, s]));
  const sameInputs = previous.inputs.configSha256 === options.inputs.configSha256 && previous.inputs.prices === options.inputs.prices;
  const timingChanges: TimingChange[] = [];
  const differences: OutputDifference[] = [];
  for (const current of options.scenarios) {
    const old = before.get(current.id);
    if (old === undefined) continue;
    const ratio = Math.round((current.wall.medianMs / old.wall.medianMs) * 100) / 100;
    if (current.wall.minMs > old.wall.maxMs) timingChanges.push({ id: current.id, kind: 'regression', previous: old.wall, current: current.wall, ratio });
    else if (current.wall.maxMs < old.wall.minMs) timingChanges.push({ id: current.id, kind: 'improvement', previous: old.wall, current: current.wall, ratio });
    if (!sameInputs) continue;
    for (const output of current.outputs) {
      const was = old.outputs.find((o) => o.file === output.file);
      if (was !== undefined && was.comparedSha256 !== output.comparedSha256) {
        differences.push({
          kind: 'since-previous-report',
          group: current.group,
          file: output.file,
          digests: [
            { source: `previous (${previous.label}, ${previous.date}, ${previous.machine.commit ?? 'no commit'})`, comparedSha256: was.comparedSha256 },
            { source: 'this run', comparedSha256: output.comparedSha256 },
          ],
          message: `${current.id}: ${output.file} changed since the previous report on the same inputs`,
        });
      }
    }
  }
  return { timingChanges, differences };
}
