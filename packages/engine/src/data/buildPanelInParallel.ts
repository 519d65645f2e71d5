import { buildPanel, PRICE_COLUMNS, priceHeaderNames } from './buildPanel.js';
import { buildPanelFromLongTable } from './buildPanelFromLongTable.js';
import type { BuildPanelOptions } from './buildPanel.js';
import type { LoadWarning } from './LoadedPanel.js';
import type { Panel } from './Panel.js';
import { parseCsvFiles } from './parseCsvFiles.js';
import type { ParallelCsvOptions } from './parseCsvFiles.js';

export type BuildPanelInParallelOptions = Omit<BuildPanelOptions, 'prices'> & {
  /** When to use worker threads for the price files the scanner declines (see parseCsvFiles); default thresholds when absent. */
  readonly parallel?: ParallelCsvOptions;
  /**
   * Drop the price files' bytes from `bytes` once they are parsed (the map must then be a
   * Map): a large book's CSV text, its parsed files and its panel are then never all live at
   * once (5,000 x 5,000: 1.2 GB of text, 1.2 GB parsed, a 1 GB panel).
   */
  readonly consumeBytes?: boolean;
};

/**
 * buildPanel with the price files parsed by parseCsvFiles (the fast scanner, and csv-parse on
 * worker threads for the files it declines when there are many): the same panel, warnings and
 * errors as buildPanel, byte for byte. A long table is read by buildPanelFromLongTable.
 */
export async function buildPanelInParallel(
  options: BuildPanelInParallelOptions,
): Promise<{ panel: Panel; warnings: LoadWarning[] }> {
  if (options.sources.table !== null) return buildPanelFromLongTable(options);
  const files = [];
  for (const file of options.sources.prices) {
    const bytes = options.bytes.get(file.key);
    // A missing entry is a caller bug that buildPanel reports in file order: leave it to buildPanel.
    if (bytes === undefined) return buildPanel(options);
    files.push({ file: file.display, bytes });
  }
  const headerNames = priceHeaderNames(options.sources);
  const prices = await parseCsvFiles({
    files,
    columns: PRICE_COLUMNS,
    ...(headerNames === undefined ? {} : { headerNames }),
    lenient: options.lenient,
    ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
  });
  if (options.consumeBytes === true) {
    files.length = 0;
    const bytes = options.bytes as Map<string, Uint8Array>;
    for (const file of options.sources.prices) bytes.delete(file.key);
  }
  return buildPanel({ sources: options.sources, bytes: options.bytes, lenient: options.lenient, prices });
}
