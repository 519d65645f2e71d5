import type { MemoryLimit } from '../memory/checkMemoryNeed.js';
import type { ColumnMapping } from './ColumnMapping.js';
import type { Panel } from './Panel.js';

/** Layout of the prices: per-symbol files (absent or null) or one long table (`'long'`). */
export type PricesFormat = 'long';

/** Where the data of PROTOCOL section 1 lives (config key `data`). Relative paths resolve against the working folder. */
export type LoadPanelOptions = {
  /**
   * Folder of `<SYMBOL>.csv` / `<SYMBOL>_data.csv` files with date,open,high,low,close,volume;
   * with `format: 'long'`, the long table instead: one `.csv` or `.parquet` file, or a folder
   * of them (one per year, say), each row `date,symbol,open,high,low,close,volume`.
   */
  readonly pricesDir: string;
  /** `'long'`: `pricesDir` is a long table (config `data.table`); absent or null: per-symbol files. */
  readonly format?: PricesFormat | null;
  /** Header names of the price files' (or the table's) fields when they differ from the protocol's (config `data.columns`). */
  readonly columns?: ColumnMapping | null;
  /** Optional folder of `<SYMBOL>.csv` files with date,market_cap. */
  readonly marketCapsDir?: string | null;
  /** Optional calendar CSV with a `date` column; default: the union of the price dates. */
  readonly calendarFile?: string | null;
  /** Turn row errors into NaN plus a counted warning instead of failing (PROTOCOL section 1, `--lenient`). */
  readonly lenient?: boolean;
  /**
   * The memory the load may use (`--max-memory-gb`, or the machine's): a load whose estimate
   * exceeds it is refused with a MemoryLimitError before the files are read or the panel is
   * allocated (checkMemoryNeed). Null or absent: not checked.
   */
  readonly memoryLimit?: MemoryLimit | null;
};

/** A row error that lenient mode turned into NaN cells or a skipped row. */
export type LoadWarning = {
  /** File as shown to the user, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** The row error's message plus what was done (`cell set to NaN`, `row skipped`). */
  readonly message: string;
};

/** Where a loaded panel came from (see LoadedPanel.source). */
export type PanelSource = 'csv' | 'cache' | 'appended';

/** A loaded panel with the fingerprint of the files that fed it. */
export type LoadedPanel = {
  readonly panel: Panel;
  /** sha256 hex of the input files' contents (see computeDataFingerprint). */
  readonly fingerprint: string;
  /** 'cache' when served from the binary panel cache, 'csv' when parsed, 'appended' when a cached panel was grown by rows appended to its files. */
  readonly source: PanelSource;
  /** Lenient-mode warnings; always empty for a strict load and for a cache hit. */
  readonly warnings: readonly LoadWarning[];
};
