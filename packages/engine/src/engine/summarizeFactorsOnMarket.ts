import type { OnCacheRecovery } from '../cache/CacheRecovery.js';
import { loadConfig } from '../config/loadConfig.js';
import type { WalkForwardConfig } from '../config/WalkForwardConfig.js';
import { loadPanel } from '../data/loadPanel.js';
import { loadPanelOptionsOf } from '../config/loadPanelOptionsOf.js';
import { createBuiltinRegistry } from '../factors/createBuiltinRegistry.js';
import { loadFactorModule } from '../factors/loadFactorModule.js';
import { registerExternalFactors } from '../factors/external/registerExternalFactors.js';
import type { ParamValue } from '../factors/FactorDefinition.js';
import { ensureSampleMarket } from '../sample/ensureSampleMarket.js';
import type { Segment } from './BacktestEngine.js';
import { createMarketContext } from './MarketContext.js';
import type { MarketContext } from './MarketContext.js';
import { evaluateFactorsOverPeriod } from './evaluateFactorsOverPeriod.js';
import type { FactorPeriodResult } from './evaluateFactorsOverPeriod.js';

export type SummarizeProgress =
  | { readonly stage: 'sample generated'; readonly dir: string }
  | { readonly stage: 'panel loaded'; readonly source: 'csv' | 'cache' | 'appended'; readonly symbols: number; readonly dates: number; readonly elapsedMs: number }
  | { readonly stage: 'factors evaluated'; readonly factors: number; readonly elapsedMs: number };

export type SummarizeFactorsOnMarketOptions = {
  readonly configPath: string;
  /** Overrides the config's data.prices. */
  readonly pricesDir: string | null;
  /** Binary panel cache folder; null = always parse the CSVs. */
  readonly cacheDir: string | null;
  /** Generate the seeded sample market into the prices folder when it does not exist. */
  readonly generateSampleIfMissing: boolean;
  readonly onProgress?: (event: SummarizeProgress) => void;
  /** Told when the panel's cache entry was corrupt and is rebuilt (log it at warn). */
  readonly onCacheRecovery?: OnCacheRecovery;
};

export type FactorsOnMarketSummary = {
  readonly config: WalkForwardConfig;
  readonly context: MarketContext;
  readonly segment: Segment;
  readonly results: readonly FactorPeriodResult[];
};

/**
 * Loads a config's market and evaluates each of its factors over the whole post-warm-up
 * period ([warmup_days, last date]) with its fixed params, or the first value of each
 * swept parameter. The pre-gate view that `npm start` prints.
 */
export async function summarizeFactorsOnMarket(options: SummarizeFactorsOnMarketOptions): Promise<FactorsOnMarketSummary> {
  const config = await loadConfig(options.configPath);
  const pricesDir = options.pricesDir ?? config.data.prices;
  if (options.generateSampleIfMissing) {
    const { created } = await ensureSampleMarket({ dir: pricesDir });
    if (created) options.onProgress?.({ stage: 'sample generated', dir: pricesDir });
  }
  const loadStarted = performance.now();
  const loaded = await loadPanel({
    ...loadPanelOptionsOf(config.data, pricesDir),
    cacheDir: options.cacheDir,
    ...(options.onCacheRecovery === undefined ? {} : { onCacheRecovery: options.onCacheRecovery }),
  });
  options.onProgress?.({
    stage: 'panel loaded',
    source: loaded.source,
    symbols: loaded.panel.nSymbols,
    dates: loaded.panel.nDates,
    elapsedMs: Math.round(performance.now() - loadStarted),
  });
  const registry = createBuiltinRegistry();
  for (const modulePath of config.factorModules) await loadFactorModule(registry, modulePath);
  await registerExternalFactors(registry, config.factors);
  const context = createMarketContext({
    panel: loaded.panel,
    dataFingerprint: loaded.fingerprint,
    universe: config.universe,
  });
  const segment = { start: Math.max(1, config.windows.warmupDays), end: loaded.panel.nDates - 1 };
  const evalStarted = performance.now();
  const results = evaluateFactorsOverPeriod({
    context,
    registry,
    portfolio: config.portfolio,
    segment,
    factors: config.factors.map((spec) => ({ id: spec.id, params: spec.params ?? firstOfSpace(spec.space) })),
  });
  options.onProgress?.({ stage: 'factors evaluated', factors: results.length, elapsedMs: Math.round(performance.now() - evalStarted) });
  return { config, context, segment, results };
}

function firstOfSpace(space: Readonly<Record<string, readonly ParamValue[]>> | undefined): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const [key, values] of Object.entries(space ?? {})) {
    if (values[0] !== undefined) params[key] = values[0];
  }
  return params;
}
