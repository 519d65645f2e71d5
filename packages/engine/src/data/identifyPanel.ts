import type { LoadedPanel, PanelSource } from './LoadedPanel.js';
import type { LoadPanelCachedOptions } from './loadPanel.js';
import { loadPanel } from './loadPanel.js';
import { allDataFiles, listDataSources } from './listDataSources.js';
import { PanelCache } from './PanelCache.js';
import { engineCodeId } from '../identity/engineCodeId.js';
import { dataSourcesKey, statDataFiles } from './statDataFiles.js';

/** What the data of a run is, without its values: see {@link identifyPanel}. */
export type PanelIdentity = {
  /** sha256 hex of the input files' contents, as loadPanel's. */
  readonly fingerprint: string;
  readonly nSymbols: number;
  readonly nDates: number;
  /** The calendar: dates as YYYYMMDD integers, strictly ascending, length nDates. */
  readonly dates: Int32Array;
  /** 'cache': read from a cache entry's header; 'csv' or 'appended': the panel was loaded (and the entry written) by loadPanel. */
  readonly source: PanelSource;
  /** The whole panel when it was loaded (not a header-only identification), else null. */
  readonly loaded: LoadedPanel | null;
};

/**
 * The fingerprint, shape and calendar of the panel {@link loadPanel} would load, at a
 * fraction of the cost when the cache is warm: when the stat index vouches for the input
 * files (no refresh), only the header and dates block of `<fingerprint>.bin` are read
 * (PanelCache.readIdentity: magic, version, byte order, fingerprint, file length and the
 * identity checksum over header and dates are verified; the body checksum over the values
 * is verified by the next full load, which rebuilds a corrupt entry from the CSVs).
 * Otherwise (no cacheDir, refreshCache, cold or stale stat index, missing or corrupt entry)
 * it is loadPanel itself: the CSVs are hashed, parsed when needed and the entry written,
 * with the same errors.
 */
export async function identifyPanel(options: LoadPanelCachedOptions): Promise<PanelIdentity> {
  if (options.cacheDir != null && options.refreshCache !== true) {
    const cache = new PanelCache(options.cacheDir, engineCodeId().sha256);
    const files = allDataFiles(await listDataSources(options));
    const trusted = await cache.lookupFingerprint(dataSourcesKey(options), await statDataFiles(files));
    if (trusted !== null) {
      const hit = await cache.readIdentity(trusted);
      if (hit.identity !== null) return { ...hit.identity, source: 'cache', loaded: null };
    }
  }
  const loaded = await loadPanel(options);
  const { panel } = loaded;
  return { fingerprint: loaded.fingerprint, nSymbols: panel.nSymbols, nDates: panel.nDates, dates: panel.dates, source: loaded.source, loaded };
}
