/**
 * A fresh process that loads a panel once and prints `{"elapsedMs":…,"source":…}`: how long
 * a shard process waits for its panel. Run as `node probePanelLoad.js <csv|cache> <pricesDir> <cacheDir>`.
 */
import { loadPanel, loadPanelFromCsv } from '@wf/engine';

const [mode, pricesDir, cacheDir] = process.argv.slice(2);
if ((mode !== 'csv' && mode !== 'cache') || pricesDir === undefined || cacheDir === undefined) {
  process.stderr.write('usage: probePanelLoad.js <csv|cache> <pricesDir> <cacheDir>\n');
  process.exit(2);
}
const started = performance.now();
const loaded = mode === 'csv' ? await loadPanelFromCsv({ pricesDir }) : await loadPanel({ pricesDir, cacheDir });
const elapsedMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ elapsedMs, source: loaded.source, symbols: loaded.panel.nSymbols, dates: loaded.panel.nDates, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
