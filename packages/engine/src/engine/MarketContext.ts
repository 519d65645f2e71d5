import type { Panel } from '../data/Panel.js';
import type { OnCacheRecovery } from '../cache/CacheRecovery.js';
import { computeReturns } from '../data/computeReturns.js';
import type { ScoreRanking } from '../portfolio/ScoreRanking.js';
import { rankCrossSection } from '../portfolio/rankCrossSection.js';
import { computeUniverse } from '../universe/computeUniverse.js';
import { loadOrComputeUniverse } from '../universe/loadOrComputeUniverse.js';
import type { Universe, UniverseConfig } from '../universe/Universe.js';

/**
 * Everything about the market that does not depend on a factor: the panel, its daily
 * returns, the universe of PROTOCOL section 2 and the per-date ordering of returns used
 * by the daily IC. Built once per process (per panel and universe config) and shared by
 * every engine.
 */
export type MarketContext = {
  readonly panel: Panel;
  /** Fingerprint of the data files that fed the panel (part of every signal cache key). */
  readonly dataFingerprint: string;
  /** r[t * N + i], PROTOCOL section 1. */
  readonly returns: Float64Array;
  readonly universe: Universe;
  /**
   * Symbols with a finite r[t], sorted by return then symbol, per date. Computed on first use
   * (only a daily table computation needs it; a run served from the signal cache never does).
   */
  readonly returnRanking: ScoreRanking;
  /** Where the universe came from (telemetry): the universe cache, or computed (absent: not told). */
  readonly universeSource?: 'cache' | 'computed';
};

export type CreateMarketContextOptions = {
  readonly panel: Panel;
  readonly dataFingerprint: string;
  readonly universe: UniverseConfig;
  /**
   * Cache root: when given, the universe comes from the universe cache
   * (`<cacheDir>/universe/`, see loadOrComputeUniverse) and is computed and stored on a
   * miss. Null or absent: always computed. The universe is the same bytes either way.
   */
  readonly cacheDir?: string | null;
  /** With `cacheDir`: recompute the universe and overwrite its entry. */
  readonly refreshCache?: boolean;
  /** With `cacheDir`: told when the universe entry was corrupt and is recomputed. */
  readonly onCacheRecovery?: OnCacheRecovery;
  /** The panel's returns when the caller has computed them already (computeReturns); not recomputed then. */
  readonly returns?: Float64Array;
};

/**
 * Computes the factor-independent state of a panel once.
 * @throws InvalidUniverseConfigError; FileWriteError when `cacheDir` cannot be written
 */
export function createMarketContext(options: CreateMarketContextOptions): MarketContext {
  const { panel } = options;
  const returns = options.returns ?? computeReturns(panel);
  const universeLoad =
    options.cacheDir == null
      ? { universe: computeUniverse(panel, options.universe), source: 'computed' as const }
      : loadOrComputeUniverse({
          panel,
          dataFingerprint: options.dataFingerprint,
          config: options.universe,
          cacheDir: options.cacheDir,
          refresh: options.refreshCache === true,
          ...(options.onCacheRecovery === undefined ? {} : { onCacheRecovery: options.onCacheRecovery }),
        });
  const universe = universeLoad.universe;
  let returnRanking: ScoreRanking | undefined;
  return {
    panel,
    dataFingerprint: options.dataFingerprint,
    returns,
    universe,
    universeSource: universeLoad.source,
    get returnRanking(): ScoreRanking {
      returnRanking ??= rankCrossSection({ values: returns, nDates: panel.nDates, nSymbols: panel.nSymbols });
      return returnRanking;
    },
  };
}
