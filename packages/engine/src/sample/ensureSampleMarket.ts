import { existsSync, readdirSync } from 'node:fs';
import type { SampleMarketOptions } from './generateSampleMarket.js';
import { makeSampleData } from './makeSampleData.js';
import { FileWriteError } from '../errors.js';

/** Options of {@link ensureSampleMarket}. */
export type EnsureSampleMarketOptions = SampleMarketOptions & {
  /** Folder that should hold the sample prices, e.g. `data/sample`. */
  readonly dir: string;
};

/**
 * Makes sure `dir` holds sample price data (used by `npm start`): when the folder is
 * absent or empty, generates the market (defaults unless options say otherwise) and
 * returns `created: true`; a folder with any entry is left untouched (`created: false`).
 */
export async function ensureSampleMarket(options: EnsureSampleMarketOptions): Promise<{ created: boolean }> {
  const { dir } = options;
  let hasEntries: boolean;
  try {
    hasEntries = existsSync(dir) && readdirSync(dir).length > 0;
  } catch (error) {
    throw new FileWriteError({ what: 'sample data folder', path: dir, cause: error });
  }
  if (hasEntries) return { created: false };
  makeSampleData(options);
  return { created: true };
}
