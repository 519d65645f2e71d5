import type { MarketContext, UniverseConfig } from '@wf/engine';

/**
 * A MarketContext whose arrays all live in SharedArrayBuffers: posted to a worker in
 * `workerData`, the arrays are shared, not copied, so N workers read one panel.
 */
export type SharedMarketContext = {
  readonly symbols: readonly string[];
  readonly nDates: number;
  readonly nSymbols: number;
  readonly dataFingerprint: string;
  readonly universeConfig: UniverseConfig;
  readonly dates: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly marketCap: Float64Array | null;
  readonly returns: Float64Array;
  readonly status: Uint8Array;
  readonly eligibleCount: Int32Array;
  readonly excludedCounts: Int32Array;
  readonly returnOrder: Int32Array;
  readonly returnCount: Int32Array;
};

type TypedArray = Float64Array | Int32Array | Uint8Array;

/** Copies `array` into a SharedArrayBuffer once (returns it as is when it already is shared). */
function toShared<T extends TypedArray>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const shared = new Ctor(new SharedArrayBuffer(array.byteLength));
  shared.set(array as never);
  return shared;
}

/** Moves a market context into shared memory (one copy, at pool start). */
export function shareMarketContext(context: MarketContext): SharedMarketContext {
  const { panel, universe, returnRanking } = context;
  return {
    symbols: panel.symbols,
    nDates: panel.nDates,
    nSymbols: panel.nSymbols,
    dataFingerprint: context.dataFingerprint,
    universeConfig: universe.config,
    dates: toShared(panel.dates),
    open: toShared(panel.open),
    high: toShared(panel.high),
    low: toShared(panel.low),
    close: toShared(panel.close),
    volume: toShared(panel.volume),
    marketCap: panel.marketCap === null ? null : toShared(panel.marketCap),
    returns: toShared(context.returns),
    status: toShared(universe.status),
    eligibleCount: toShared(universe.eligibleCount),
    excludedCounts: toShared(universe.excludedCounts),
    returnOrder: toShared(returnRanking.order),
    returnCount: toShared(returnRanking.count),
  };
}

/** The MarketContext whose arrays are views on the shared buffers (no copy). */
export function marketContextFromShared(shared: SharedMarketContext): MarketContext {
  const { nDates, nSymbols } = shared;
  return {
    panel: {
      symbols: shared.symbols,
      dates: shared.dates,
      nDates,
      nSymbols,
      open: shared.open,
      high: shared.high,
      low: shared.low,
      close: shared.close,
      volume: shared.volume,
      marketCap: shared.marketCap,
    },
    dataFingerprint: shared.dataFingerprint,
    returns: shared.returns,
    universe: {
      config: shared.universeConfig,
      nDates,
      nSymbols,
      status: shared.status,
      eligibleCount: shared.eligibleCount,
      excludedCounts: shared.excludedCounts,
    },
    returnRanking: { nDates, nSymbols, order: shared.returnOrder, count: shared.returnCount },
  };
}
