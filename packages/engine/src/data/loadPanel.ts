import { appendToPanel } from './appendToPanel.js';
import { buildPanelInParallel, pricesParseRules } from './buildPanelInParallel.js';
import type { LoadedPanel, LoadPanelOptions } from './LoadedPanel.js';
import { allDataFiles, listDataSources } from './listDataSources.js';
import { loadPanelFromCsv } from './loadPanelFromCsv.js';
import type { OnCacheRecovery } from '../cache/CacheRecovery.js';
import { PanelCache, vouchedFingerprint } from './PanelCache.js';
import type { PanelCacheReadResult } from './PanelCache.js';
import type { PanelField } from './PanelField.js';
import { engineCodeId } from '../identity/engineCodeId.js';
import { checkCsvLoad } from './checkCsvLoad.js';
import { readDataFiles } from './readDataFiles.js';
import { dataSourcesKey, statDataFiles } from './statDataFiles.js';

export type LoadPanelCachedOptions = LoadPanelOptions & {
  /** Cache folder (panels go to `<cacheDir>/panels/`); null or absent: no cache, always parse. */
  readonly cacheDir?: string | null;
  /** Ignore existing cache entries and stat indexes; parse the CSVs and rewrite them. */
  readonly refreshCache?: boolean;
  /** Told when a panel entry fails verification and is rebuilt from the CSVs (log it at warn). */
  readonly onCacheRecovery?: OnCacheRecovery;
  /**
   * A panel read from the cache has its fields in one SharedArrayBuffer (PanelCache.read
   * `shared`), for a pool of worker threads: shared without a copy. Same values either way.
   */
  readonly shared?: boolean;
  /**
   * The fields the caller reads (default all): a panel served from the cache holds only these
   * (the others empty, see PanelCache.read), so a warm start reads and verifies no more. A
   * panel parsed from the CSVs has every field.
   */
  readonly fields?: readonly PanelField[];
};

/**
 * Loads the panel of PROTOCOL section 1, through the binary panel cache when `cacheDir`
 * is given. Warm path: list folders, stat files, and when the stat index vouches for them
 * (device, inode, size, mtime and ctime unchanged, none racily clean: see
 * PanelCache.lookupFingerprint), read the entry of that fingerprint built by this engine
 * code (no CSV is opened). Otherwise the files are hashed; a
 * cache entry for that content fingerprint is used when valid, else the CSVs are parsed
 * and the entry (re)written, except on a night that only appended rows to the files the stat
 * index last saw: then the panel of those files is read from the cache and grown by the new
 * rows alone (appendToPanel; `source: 'appended'`). Only warning-free panels are cached: such a panel is what a
 * strict and a lenient load both produce, so one entry serves both; a lenient load with
 * warnings is parsed every time and never cached (a strict load must still fail on it).
 */
export async function loadPanel(options: LoadPanelCachedOptions): Promise<LoadedPanel> {
  if (options.cacheDir == null) return loadPanelFromCsv(options);
  const cache = new PanelCache(options.cacheDir, engineCodeId().sha256);
  const refresh = options.refreshCache === true;
  const readOptions = { shared: options.shared === true, memoryLimit: options.memoryLimit ?? null, ...(options.fields === undefined ? {} : { fields: options.fields }) };
  const reported = new Set<string>();
  const checked = (fingerprint: string, hit: PanelCacheReadResult): PanelCacheReadResult => {
    const path = cache.pathOf(fingerprint);
    if (hit.panel === null && hit.miss === 'corrupt' && !reported.has(path)) {
      reported.add(path);
      options.onCacheRecovery?.({ cache: 'panel', path, reason: hit.reason });
    }
    return hit;
  };
  const sources = await listDataSources(options);
  const files = allDataFiles(sources);
  const key = dataSourcesKey(options);

  // Wall time before stat and hashing, so a file changed afterwards cannot be vouched for by stale stats.
  const hashStartedMs = Date.now();
  const stats = await statDataFiles(files);
  // Read once: it vouches for unchanged files, and names last time's files for appendToPanel.
  const previous = refresh ? null : await cache.readStatIndex(key);
  if (!refresh) {
    const trusted = vouchedFingerprint(previous, stats);
    if (trusted !== null) {
      const hit = checked(trusted, await cache.read(trusted, readOptions));
      if (hit.panel !== null) return { panel: hit.panel, fingerprint: trusted, source: 'cache', warnings: [] };
    }
  }

  // Last time's files (when the same paths): their sizes are hashed as prefixes in the same read, for appendToPanel.
  const base = previous !== null && previous.files.length === files.length && previous.files.every((f, k) => f.path === files[k]!.path) ? previous : null;
  const baseFiles = new Map(base === null ? [] : files.map((file, k) => [file.key, base.files[k]!] as const));
  // Without a base the panel is most likely built: the price files are parsed as they are read.
  const prefixSizes = new Map([...baseFiles].map(([fileKey, known]) => [fileKey, known.size] as const));
  checkCsvLoad(stats.map((stat) => stat.size), options.memoryLimit);
  const contents = await readDataFiles(sources, base === null ? { prefixSizes, parse: pricesParseRules(sources, options.lenient === true) } : { prefixSizes });
  const fingerprint = contents.fingerprint;
  const indexed = stats.map((stat, k) => ({ ...stat, sha256: contents.sha256.get(files[k]!.key) as string }));
  if (!refresh) {
    const hit = checked(fingerprint, await cache.read(fingerprint, readOptions));
    if (hit.panel !== null) {
      await cache.rememberFingerprint(key, { fingerprint, hashStartedMs, files: indexed });
      return { panel: hit.panel, fingerprint, source: 'cache', warnings: [] };
    }
    // A night that only appended rows: last time's panel grown by the new dates, instead of parsing every file.
    const baseHit = base === null ? null : checked(base.fingerprint, await cache.read(base.fingerprint, { memoryLimit: options.memoryLimit ?? null }));
    const panel = baseHit?.panel == null ? null : appendToPanel({ base: baseHit.panel, baseFiles, sources, contents });
    if (panel !== null) {
      await cache.write(fingerprint, panel);
      await cache.rememberFingerprint(key, { fingerprint, hashStartedMs, files: indexed });
      return { panel, fingerprint, source: 'appended', warnings: [] };
    }
  }
  const { panel, warnings } = await buildPanelInParallel({ sources, bytes: contents.bytes, chunks: contents.chunks, parsedPrices: contents.parsedPrices, lenient: options.lenient === true, consumeBytes: true });
  if (warnings.length === 0) {
    await cache.write(fingerprint, panel);
    await cache.rememberFingerprint(key, { fingerprint, hashStartedMs, files: indexed });
  }
  return { panel, fingerprint, source: 'csv', warnings };
}
