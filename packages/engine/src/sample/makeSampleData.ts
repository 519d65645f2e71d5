import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileWriteError, isWfError, SampleDirNotEmptyError } from '../errors.js';
import { generateSampleMarket, type SampleMarket, type SampleMarketOptions } from './generateSampleMarket.js';
import { writeSampleMarket } from './writeSampleMarket.js';

/** Options of {@link makeSampleData}: the market options plus where to write. */
export type MakeSampleDataOptions = SampleMarketOptions & {
  /** Target folder, created if absent. */
  readonly dir: string;
  /**
   * Write into a non-empty folder. Its top-level `*.csv` files and `README.txt` are deleted
   * first (a stale CSV would silently join the data set); other entries are kept.
   */
  readonly force?: boolean;
};

/** What {@link makeSampleData} did. */
export type MakeSampleDataResult = {
  readonly dir: string;
  /** File names written, sorted (`README.txt` and one `<SYM>.csv` per symbol). */
  readonly written: readonly string[];
  /** File names deleted before writing (only with `force`), sorted. */
  readonly removed: readonly string[];
  readonly market: SampleMarket;
};

/**
 * Generates a seeded synthetic market and writes it as price CSVs into `dir` (the library
 * side of `scripts/make-sample-data`). Refuses a non-empty folder unless `force`.
 * Throws SampleMarketOptionsError, SampleDirNotEmptyError or FileWriteError.
 */
export function makeSampleData(options: MakeSampleDataOptions): MakeSampleDataResult {
  const { dir, force = false, ...marketOptions } = options;
  const market = generateSampleMarket(marketOptions);
  try {
    const entries = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : [];
    if (entries.length > 0 && !force) throw new SampleDirNotEmptyError({ dir, entries: entries.length });
    const removed: string[] = [];
    for (const entry of entries) {
      if (entry.isFile() && (entry.name.endsWith('.csv') || entry.name === 'README.txt')) {
        rmSync(join(dir, entry.name));
        removed.push(entry.name);
      }
    }
    const written = writeSampleMarket({ dir, market });
    return { dir, written, removed: removed.sort(), market };
  } catch (error) {
    if (isWfError(error)) throw error;
    throw new FileWriteError({ what: 'sample data folder', path: dir, cause: error });
  }
}
