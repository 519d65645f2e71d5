import type { OnCacheRecovery } from '../cache/CacheRecovery.js';
import type { Panel } from '../data/Panel.js';
import { computeUniverse } from './computeUniverse.js';
import type { Universe, UniverseConfig } from './Universe.js';
import { UniverseCache } from './UniverseCache.js';
import { universeCacheKey } from './universeCacheKey.js';
import { engineCodeId } from '../identity/engineCodeId.js';

/** Options of {@link loadOrComputeUniverse}. */
export type LoadOrComputeUniverseOptions = {
  readonly panel: Panel;
  /** Fingerprint of the data files that fed `panel` (part of the key). */
  readonly dataFingerprint: string;
  readonly config: UniverseConfig;
  /** Cache root (entries under `<cacheDir>/universe/`). */
  readonly cacheDir: string;
  /** Ignore an existing entry: recompute and overwrite it (`--refresh-cache`). */
  readonly refresh?: boolean;
  /** Told when an entry fails verification and is recomputed (log it at warn). */
  readonly onCacheRecovery?: OnCacheRecovery;
};

/** A universe and where it came from. */
export type UniverseLoad = {
  readonly universe: Universe;
  /** 'cache': a verified entry; 'computed': computeUniverse ran and the entry was (re)written. */
  readonly source: 'cache' | 'computed';
};

/**
 * computeUniverse(panel, config) through the universe cache: a verified entry (key of
 * protocol version, engine code id, data fingerprint and config; shape, config and checksum checked) is
 * served as is; an absent, corrupt or refreshed one is recomputed and rewritten. Either
 * way the universe holds the same bytes as computeUniverse's. Entries are only written
 * after computeUniverse succeeded, so an invalid config throws InvalidUniverseConfigError
 * as without the cache.
 * @throws InvalidUniverseConfigError, FileWriteError
 */
export function loadOrComputeUniverse(options: LoadOrComputeUniverseOptions): UniverseLoad {
  const { panel, config } = options;
  let key: string;
  try {
    key = universeCacheKey({ dataFingerprint: options.dataFingerprint, engineCode: engineCodeId().sha256, universe: config });
  } catch {
    // A config canonical JSON refuses (non-finite number): let computeUniverse report it.
    return { universe: computeUniverse(panel, config), source: 'computed' };
  }
  const cache = new UniverseCache(options.cacheDir);
  if (options.refresh !== true) {
    const hit = cache.read(key, { nDates: panel.nDates, nSymbols: panel.nSymbols, config });
    if (hit.universe !== null) return { universe: hit.universe, source: 'cache' };
    if (hit.miss === 'corrupt') options.onCacheRecovery?.({ cache: 'universe', path: cache.pathOf(key), reason: hit.reason });
  }
  const universe = computeUniverse(panel, config);
  cache.write(key, universe);
  return { universe, source: 'computed' };
}
