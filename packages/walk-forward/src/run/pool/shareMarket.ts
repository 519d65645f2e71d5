import type { MarketContext, Panel, ScoreRanking, Universe } from '@wf/engine';

/**
 * A MarketContext whose arrays live in SharedArrayBuffers: posted to a worker thread it is
 * shared, not copied (structured clone keeps a shared buffer's memory), so every worker of a
 * pool reads the one panel, returns, universe and returns ranking the run's thread built.
 * A plain object (no getters) so it survives structured cloning as it is.
 */
export type SharedMarket = {
  readonly panel: Panel;
  readonly dataFingerprint: string;
  readonly returns: Float64Array;
  readonly universe: Universe;
  readonly returnRanking: ScoreRanking;
  readonly universeSource?: 'cache' | 'computed';
};

/**
 * Copies the context's arrays into shared memory (once per run that starts a pool). The
 * returns ranking, computed on first use otherwise, is computed here: every worker that
 * computes a daily table needs it, and it is computed once instead of once per worker.
 */
export function shareMarket(context: MarketContext): SharedMarket {
  const { panel, universe } = context;
  const ranking = context.returnRanking;
  return {
    panel: {
      symbols: panel.symbols,
      dates: shared(panel.dates),
      nDates: panel.nDates,
      nSymbols: panel.nSymbols,
      open: shared(panel.open),
      high: shared(panel.high),
      low: shared(panel.low),
      close: shared(panel.close),
      volume: shared(panel.volume),
      marketCap: panel.marketCap === null ? null : shared(panel.marketCap),
    },
    dataFingerprint: context.dataFingerprint,
    returns: shared(context.returns),
    universe: {
      config: universe.config,
      nDates: universe.nDates,
      nSymbols: universe.nSymbols,
      status: shared(universe.status),
      eligibleCount: shared(universe.eligibleCount),
      excludedCounts: shared(universe.excludedCounts),
    },
    returnRanking: { nDates: ranking.nDates, nSymbols: ranking.nSymbols, order: shared(ranking.order), count: shared(ranking.count) },
    ...(context.universeSource === undefined ? {} : { universeSource: context.universeSource }),
  };
}

type TypedArray = Float64Array | Int32Array | Uint8Array;

/** The same values in a SharedArrayBuffer (the array itself when it already is shared). */
function shared<T extends TypedArray>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}
