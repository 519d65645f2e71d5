import type { EquityCurve } from './readEquityCurves.js';

export type RenderEquityChartOptions = {
  readonly curve: EquityCurve;
  /** Chart title, e.g. `reversal: PASS`. */
  readonly title: string;
  readonly widthPx?: number;
  readonly heightPx?: number;
};

/**
 * An SVG line chart of a factor's stitched out-of-sample equity (vega-lite compiled to a
 * vega View rendered headless with `toSVG`: no canvas or fonts needed). Dates are on a UTC
 * time scale, so the file is the same in every time zone, and the same curve always gives
 * the same bytes. vega is imported on first use (it is large).
 */
export async function renderEquityChart(options: RenderEquityChartOptions): Promise<string> {
  const [vega, vegaLite] = await loadChartLibraries();
  const { curve } = options;
  const values = curve.dates.map((date, d) => ({ date, equity: curve.equity[d] as number }));
  const spec = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: options.widthPx ?? 640,
    height: options.heightPx ?? 240,
    background: 'white',
    layer: [
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'date', type: 'temporal', scale: { type: 'utc' }, axis: { title: 'test day (stitched windows)', format: '%Y-%m' } },
          y: { field: 'equity', type: 'quantitative', scale: { zero: false }, axis: { title: 'equity (start = 1)' } },
        },
      },
      {
        data: { values: [{ level: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
        encoding: { y: { field: 'level', type: 'quantitative' } },
      },
    ],
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let libraries: Promise<[typeof import('vega'), typeof import('vega-lite')]> | null = null;

/**
 * Imports vega and vega-lite once (about 170 ms); call early to overlap the import with
 * other waiting (the orchestrator does while its shards run).
 */
export function loadChartLibraries(): Promise<[typeof import('vega'), typeof import('vega-lite')]> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  return libraries;
}
