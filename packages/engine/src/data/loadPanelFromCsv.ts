import { buildPanelInParallel, pricesParseRules } from './buildPanelInParallel.js';
import type { LoadedPanel, LoadPanelOptions } from './LoadedPanel.js';
import { allDataFiles, listDataSources } from './listDataSources.js';
import { checkCsvLoad } from './checkCsvLoad.js';
import { statDataFiles } from './statDataFiles.js';
import { readDataFiles } from './readDataFiles.js';

/**
 * Loads the panel of PROTOCOL section 1 straight from the CSV files (no cache): lists the
 * folders, reads and fingerprints every file, parses them (many price files on worker
 * threads, each file parsed as soon as read). Errors name file and line
 * (CsvRowError, CsvHeaderError, CsvSyntaxError, DataNotFoundError, EmptyDataFolderError,
 * DuplicateSymbolError); with `lenient` a row error becomes NaN plus a warning instead.
 */
export async function loadPanelFromCsv(options: LoadPanelOptions): Promise<LoadedPanel> {
  const sources = await listDataSources(options);
  if (options.memoryLimit != null) checkCsvLoad((await statDataFiles(allDataFiles(sources))).map((stat) => stat.size), options.memoryLimit);
  const lenient = options.lenient === true;
  const contents = await readDataFiles(sources, { parse: pricesParseRules(sources, lenient) });
  const { panel, warnings } = await buildPanelInParallel({ sources, bytes: contents.bytes, chunks: contents.chunks, parsedPrices: contents.parsedPrices, lenient, consumeBytes: true });
  return { panel, fingerprint: contents.fingerprint, source: 'csv', warnings };
}
