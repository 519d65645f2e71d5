import { buildPanel, PRICE_COLUMNS, priceHeaderNames, unionOfDates } from './buildPanel.js';
import { buildPanelFromLongTable } from './buildPanelFromLongTable.js';
import type { BuildPanelOptions } from './buildPanel.js';
import type { LoadWarning } from './LoadedPanel.js';
import type { Panel } from './Panel.js';
import type { DataFileChunk, ReadDataFilesOptions } from './readDataFiles.js';
import { collectParsedChunks, parseCsvChunks } from './parseCsvChunks.js';
import type { ParsedChunk } from './parseCsvChunks.js';
import type { DataSources } from './listDataSources.js';
import { parseCsvFiles } from './parseCsvFiles.js';
import type { ParallelCsvOptions, ParsedCsvFiles } from './parseCsvFiles.js';
import { placeRowsInParallel } from './placeRowsInParallel.js';

export type BuildPanelInParallelOptions = Omit<BuildPanelOptions, 'prices'> & {
  /** When to use worker threads for the price files the scanner declines (see parseCsvFiles); default thresholds when absent. */
  readonly parallel?: ParallelCsvOptions;
  /**
   * Drop the price files' bytes from `bytes` once they are parsed (the map must then be a
   * Map): a large book's CSV text, its parsed files and its panel are then never all live at
   * once (5,000 x 5,000: 1.2 GB of text, 1.2 GB parsed, a 1 GB panel).
   */
  readonly consumeBytes?: boolean;
  /**
   * The price files' buffers when worker threads read them (readDataFiles `chunks`): with
   * `consumeBytes`, worker threads parse the files straight from them (parseCsvChunks).
   */
  readonly chunks?: readonly DataFileChunk[];
  /** The price files already parsed by the threads that read them (readDataFiles `parsedPrices`, asked with pricesParseRules); null or absent: parse them here. */
  readonly parsedPrices?: readonly ParsedChunk[] | null;
};

/** readDataFiles' `parse` option for the price files of `sources`: what buildPanelInParallel would parse them with. */
export function pricesParseRules(sources: DataSources, lenient: boolean): NonNullable<ReadDataFilesOptions['parse']> {
  const headerNames = priceHeaderNames(sources);
  return { columns: PRICE_COLUMNS, lenient, ...(headerNames === undefined ? {} : { headerNames }) };
}

/**
 * buildPanel with the price files parsed by parseCsvFiles (the fast scanner, and csv-parse on
 * worker threads for the files it declines when there are many): the same panel, warnings and
 * errors as buildPanel, byte for byte. A long table is read by buildPanelFromLongTable.
 */
export async function buildPanelInParallel(
  options: BuildPanelInParallelOptions,
): Promise<{ panel: Panel; warnings: LoadWarning[] }> {
  if (options.sources.table !== null) return buildPanelFromLongTable(options);
  if (options.parsedPrices != null) {
    const headerNames = priceHeaderNames(options.sources) ?? null;
    const files = options.sources.prices.map((file) => file.display);
    const prices = collectParsedChunks({ files, parts: options.parsedPrices, columns: PRICE_COLUMNS, headerNames, lenient: options.lenient });
    return buildPanelPlacedInParallel(options, prices, options.parsedPrices.map((part) => part.start));
  }
  const files = [];
  for (const file of options.sources.prices) {
    const bytes = options.bytes.get(file.key);
    // A missing entry is a caller bug that buildPanel reports in file order: leave it to buildPanel.
    if (bytes === undefined) return buildPanel(options);
    files.push({ file: file.display, bytes });
  }
  const headerNames = priceHeaderNames(options.sources);
  const chunks = options.chunks ?? [];
  if (options.consumeBytes === true && chunks.length > 0 && chunks[0]!.start === 0) {
    files.length = 0;
    const bytes = options.bytes as Map<string, Uint8Array>;
    for (const file of options.sources.prices) bytes.delete(file.key);
    const prices = await parseCsvChunks({
      files: options.sources.prices.map((file) => file.display),
      chunks,
      columns: PRICE_COLUMNS,
      ...(headerNames === undefined ? {} : { headerNames }),
      lenient: options.lenient,
    });
    return buildPanelPlacedInParallel(options, prices, chunks.map((chunk) => chunk.start));
  }
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

/**
 * buildPanel of parsed price files whose rows a worker thread per run of files (starting at
 * `starts`) places in the panel (placeRowsInParallel), when the calendar is their dates' union.
 */
async function buildPanelPlacedInParallel(options: BuildPanelInParallelOptions, prices: ParsedCsvFiles, starts: readonly number[]): Promise<{ panel: Panel; warnings: LoadWarning[] }> {
  const { sources, lenient } = options;
  if (sources.calendar !== null || starts.length < 2) return buildPanel({ sources, bytes: options.bytes, lenient, prices });
  const dates = unionOfDates(prices.csvs);
  const fields = await placeRowsInParallel({ csvs: prices.csvs, bounds: [...starts, prices.csvs.length], calendar: dates, nFields: PRICE_COLUMNS.length });
  // The parsed rows are placed: drop them before the market caps are read.
  (prices.csvs as unknown[]).length = 0;
  return buildPanel({ sources, bytes: options.bytes, lenient, prices, placed: { dates, fields } });
}
