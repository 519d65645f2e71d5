import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChartAssets } from './renderGateReportHtml.js';

let loaded: ChartAssets | null = null;

/**
 * uPlot's minified browser build and stylesheet (the `uplot` package), read once per
 * process, to be inlined into gate_report.html so the page needs no network.
 */
export function loadChartAssets(): ChartAssets {
  if (loaded === null) {
    const require = createRequire(import.meta.url);
    loaded = {
      script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      style: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return loaded;
}
