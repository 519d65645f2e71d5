import { readdir, stat } from 'node:fs/promises';
import { compareCodePoints } from '../util/compareCodePoints.js';
import path from 'node:path';
import { dataAccessError, DataNotFoundError, DuplicateSymbolError, EmptyDataFolderError } from '../errors.js';
import type { DataRole } from '../errors.js';
import type { ColumnMapping } from './ColumnMapping.js';
import type { LoadPanelOptions } from './LoadedPanel.js';

/** One input file of the panel. */
export type DataFile = {
  readonly role: DataRole;
  /** Location-independent name used in the fingerprint: `prices/<SYMBOL>`, `table/<file name>`, `market_caps/<SYMBOL>` or `calendar`. */
  readonly key: string;
  /** Absolute path. */
  readonly path: string;
  /** As shown in messages: `<folder name>/<file name>`, or the calendar's file name. */
  readonly display: string;
};

/** Every file that feeds a panel, found by listing the configured folders. */
export type DataSources = {
  /** Symbols in code-point order (empty for a long table: its rows name them). */
  readonly symbols: readonly string[];
  /** Price file of each symbol, aligned with `symbols`. */
  readonly prices: readonly DataFile[];
  /** Market-cap file of each symbol (null: none), aligned with `symbols`; null without a market-caps folder. */
  readonly marketCaps: readonly (DataFile | null)[] | null;
  readonly calendar: DataFile | null;
  /** The files of a long table (`format: 'long'`), in file-name order; null for per-symbol files. */
  readonly table: readonly DataFile[] | null;
  /** Header names of the price fields where they differ from the protocol's (config `data.columns`); null: none. */
  readonly columns: ColumnMapping | null;
};

/**
 * Lists the inputs of PROTOCOL section 1. A file `<SYMBOL>_data.csv` or `<SYMBOL>.csv`
 * names its symbol; hidden files and other extensions are ignored, as is the calendar
 * file if it lies in the prices folder. Market-cap files of symbols without prices do
 * not feed the panel and are left out. A long table (`format: 'long'`) is the file
 * `pricesDir` or every `.csv` and `.parquet` file of that folder. Throws DataNotFoundError,
 * DataUnreadableError, EmptyDataFolderError or DuplicateSymbolError.
 */
export async function listDataSources(options: LoadPanelOptions): Promise<DataSources> {
  const calendarPath = options.calendarFile == null ? null : path.resolve(options.calendarFile);
  let calendar: DataFile | null = null;
  if (calendarPath !== null) {
    const info = await stat(calendarPath).catch((cause: unknown) => {
      throw dataAccessError({ role: 'calendar', path: calendarPath, expected: 'file', cause });
    });
    if (!info.isFile()) throw new DataNotFoundError({ role: 'calendar', path: calendarPath, expected: 'file' });
    calendar = { role: 'calendar', key: 'calendar', path: calendarPath, display: path.basename(calendarPath) };
  }

  const columns = options.columns ?? null;
  if (options.format === 'long') {
    const table = await listTableFiles(path.resolve(options.pricesDir), calendarPath);
    return { symbols: [], prices: [], marketCaps: null, calendar, table, columns };
  }
  const priceFiles = await listSymbolFiles('prices', path.resolve(options.pricesDir), calendarPath);
  const symbols = [...priceFiles.keys()].sort(compareCodePoints);
  const prices = symbols.map((symbol) => priceFiles.get(symbol)!);

  let marketCaps: (DataFile | null)[] | null = null;
  if (options.marketCapsDir != null) {
    const capFiles = await listSymbolFiles('market_caps', path.resolve(options.marketCapsDir), calendarPath);
    marketCaps = symbols.map((symbol) => capFiles.get(symbol) ?? null);
  }
  return { symbols, prices, marketCaps, calendar, table: null, columns };
}

/** Every file of the sources, in a fixed order (prices or table, market caps, calendar). */
export function allDataFiles(sources: DataSources): DataFile[] {
  const files: DataFile[] = [...sources.prices, ...(sources.table ?? [])];
  for (const file of sources.marketCaps ?? []) if (file !== null) files.push(file);
  if (sources.calendar !== null) files.push(sources.calendar);
  return files;
}

/** The symbol a file name stands for, or null when the file is not a data file. */
export function symbolOfFileName(name: string): string | null {
  if (name.startsWith('.') || !name.endsWith('.csv')) return null;
  if (name.endsWith('_data.csv') && name.length > '_data.csv'.length) return name.slice(0, -'_data.csv'.length);
  return name.slice(0, -'.csv'.length);
}

/** The files a long table folder is made of. */
const TABLE_FILE = /\.(?:csv|parquet)$/i;

/** A long table's files: the file itself, or the folder's `.csv` and `.parquet` files (hidden ones left out) in code-point order. */
async function listTableFiles(tablePath: string, exclude: string | null): Promise<DataFile[]> {
  const role = 'prices_table';
  const info = await stat(tablePath).catch((cause: unknown) => {
    throw dataAccessError({ role, path: tablePath, expected: 'file', cause });
  });
  if (info.isFile()) return [{ role, key: `table/${path.basename(tablePath)}`, path: tablePath, display: path.basename(tablePath) }];
  const entries = await readdir(tablePath, { withFileTypes: true }).catch((cause: unknown) => {
    throw dataAccessError({ role, path: tablePath, expected: 'folder', cause });
  });
  const folderName = path.basename(tablePath);
  const names = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && !entry.name.startsWith('.') && TABLE_FILE.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => path.join(tablePath, name) !== exclude)
    .sort(compareCodePoints);
  if (names.length === 0) throw new EmptyDataFolderError({ role, path: tablePath });
  return names.map((name) => ({ role, key: `table/${name}`, path: path.join(tablePath, name), display: `${folderName}/${name}` }));
}

async function listSymbolFiles(role: DataRole, folder: string, exclude: string | null): Promise<Map<string, DataFile>> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((cause: unknown) => {
    throw dataAccessError({ role, path: folder, expected: 'folder', cause });
  });
  const folderName = path.basename(folder);
  const files = new Map<string, DataFile>();
  for (const entry of entries) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const symbol = symbolOfFileName(entry.name);
    if (symbol === null) continue;
    const filePath = path.join(folder, entry.name);
    if (filePath === exclude) continue;
    const file: DataFile = { role, key: `${role}/${symbol}`, path: filePath, display: `${folderName}/${entry.name}` };
    const other = files.get(symbol);
    if (other !== undefined) {
      const pair = [other.display, file.display].sort(compareCodePoints);
      throw new DuplicateSymbolError({ symbol, files: [pair[0]!, pair[1]!] });
    }
    files.set(symbol, file);
  }
  if (files.size === 0) throw new EmptyDataFolderError({ role, path: folder });
  return files;
}
