import type { TopLevelSpec } from 'vega-lite';
import type { ScenarioReport } from './BenchmarkReport.js';

/** One SVG chart of a report: its file name and text. */
export type BenchmarkChart = { readonly file: string; readonly svg: string };

/**
 * The report's charts as SVG (vega-lite compiled to vega, rendered headless, no canvas):
 * median wall time per scenario with its min-max range, and the speed-up of each scenario
 * against its group's baseline.
 */
export async function renderBenchmarkCharts(scenarios: readonly ScenarioReport[]): Promise<BenchmarkChart[]> {
  const rows = scenarios.map((x) => ({
    scenario: x.id,
    group: x.group,
    median: x.wall.medianMs / 1000,
    min: x.wall.minMs / 1000,
    max: x.wall.maxMs / 1000,
    speedup: x.speedup ?? 1,
    cpu: x.cpu.medianMs / 1000,
    rss: x.peakRssMiB.median,
  }));
  const order = rows.map((r) => r.scenario);
  const y = { field: 'scenario', type: 'nominal', sort: order, title: null } as const;
  const wall: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Median wall time per scenario (s), min-max whiskers',
    data: { values: rows },
    width: 520,
    layer: [
      { mark: 'bar', encoding: { y, x: { field: 'median', type: 'quantitative', title: 'seconds' }, color: { field: 'group', type: 'nominal' } } },
      { mark: { type: 'rule', color: 'black' }, encoding: { y, x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
    ],
  };
  const speedup: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Speed-up against the group baseline (baseline = 1)',
    data: { values: rows },
    width: 520,
    layer: [
      { mark: 'bar', encoding: { y, x: { field: 'speedup', type: 'quantitative', title: 'x', scale: { type: 'log' } }, color: { field: 'group', type: 'nominal' } } },
      { mark: { type: 'rule', color: 'black', strokeDash: [4, 4] }, encoding: { x: { datum: 1 } } },
    ],
  };
  const memory: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Peak RSS of the largest process (MiB, median) and CPU time (s, median)',
    data: { values: rows },
    hconcat: [
      { width: 260, mark: 'bar', encoding: { y, x: { field: 'rss', type: 'quantitative', title: 'MiB' }, color: { field: 'group', type: 'nominal' } } },
      { width: 260, mark: 'bar', encoding: { y: { ...y, axis: null }, x: { field: 'cpu', type: 'quantitative', title: 'CPU s' }, color: { field: 'group', type: 'nominal' } } },
    ],
  };
  return [
    { file: 'wall-time.svg', svg: await toSvg(wall) },
    { file: 'speedup.svg', svg: await toSvg(speedup) },
    { file: 'memory-cpu.svg', svg: await toSvg(memory) },
  ];
}

async function toSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: every wf-bench process imports @wf/bench, and the measured `wf-bench sweep` ones never draw.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
