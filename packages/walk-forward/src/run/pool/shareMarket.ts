import { computeReturns, rankCrossSection } from '@wf/engine';
import type { MarketContext, Panel, ScoreRanking, Universe, UniverseConfig } from '@wf/engine';

/**
 * A market whose arrays live in SharedArrayBuffers: posted to a worker thread it is shared,
 * not copied (structured clone keeps a shared buffer's memory), so every worker of a pool
 * reads the one panel, returns, universe and returns ranking the run's thread built.
 * A plain object (no getters) so it survives structured cloning as it is.
 *
 * The pool starts on it before the universe and the returns ranking are built (a worker
 * computes scores from the panel and returns first): the run's thread builds them into the
 * arrays already here (finishSharedMarket) while the workers start, and a worker waits for
 * them where it first reads them (awaitSharedMarket).
 */
export type SharedMarket = {
  readonly panel: Panel;
  readonly dataFingerprint: string;
  readonly returns: Float64Array;
  /** Its arrays hold the universe once `built[0]` is 1. */
  readonly universe: Universe;
  /** Holds the returns ranking once `built[0]` is 1. */
  readonly returnRanking: ScoreRanking;
  /** `built[0]`: 0 while the run's thread builds the universe and returns ranking, 1 once built, 2 when that failed. */
  readonly built: Int32Array;
};

/** Options of {@link startSharedMarket}. */
export type StartSharedMarketOptions = {
  readonly panel: Panel;
  readonly dataFingerprint: string;
  readonly universe: UniverseConfig;
};

/**
 * The shared market a pool starts on: the panel's fields in shared memory (no copy when
 * they already are), the returns computed into shared memory, and zeroed shared arrays of
 * the universe's and the returns ranking's sizes, not built yet.
 */
export function startSharedMarket(options: StartSharedMarketOptions): SharedMarket {
  const { panel } = options;
  const { nDates, nSymbols } = panel;
  const cells = nDates * nSymbols;
  return {
    panel: {
      symbols: panel.symbols,
      dates: shared(panel.dates),
      nDates,
      nSymbols,
      open: shared(panel.open),
      high: shared(panel.high),
      low: shared(panel.low),
      close: shared(panel.close),
      volume: shared(panel.volume),
      marketCap: panel.marketCap === null ? null : shared(panel.marketCap),
    },
    dataFingerprint: options.dataFingerprint,
    returns: computeReturns(panel, new Float64Array(new SharedArrayBuffer(cells * 8))),
    universe: {
      config: options.universe,
      nDates,
      nSymbols,
      status: new Uint8Array(new SharedArrayBuffer(cells)),
      eligibleCount: new Int32Array(new SharedArrayBuffer(nDates * 4)),
      excludedCounts: new Int32Array(new SharedArrayBuffer(nDates * 5 * 4)),
    },
    returnRanking: { nDates, nSymbols, order: new Int32Array(new SharedArrayBuffer(cells * 4)), count: new Int32Array(new SharedArrayBuffer(nDates * 4)) },
    built: new Int32Array(new SharedArrayBuffer(4)),
  };
}

/**
 * Builds the shared market's universe (a copy of `context`'s, the market context of the same
 * panel, returns and universe config) and its returns ranking (computed here, once, for every
 * worker: the same bits as MarketContext's), then tells the waiting workers. Returns the
 * market as a MarketContext for the run's own thread.
 */
export function finishSharedMarket(market: SharedMarket, context: MarketContext): MarketContext {
  const { universe, returnRanking } = market;
  universe.status.set(context.universe.status);
  universe.eligibleCount.set(context.universe.eligibleCount);
  universe.excludedCounts.set(context.universe.excludedCounts);
  rankCrossSection({ values: market.returns, nDates: market.panel.nDates, nSymbols: market.panel.nSymbols, out: returnRanking });
  Atomics.store(market.built, 0, 1);
  Atomics.notify(market.built, 0);
  return {
    panel: market.panel,
    dataFingerprint: market.dataFingerprint,
    returns: market.returns,
    universe,
    returnRanking,
    ...(context.universeSource === undefined ? {} : { universeSource: context.universeSource }),
  };
}

/** Tells the workers waiting for the universe and returns ranking that they will not come (the run failed building them). */
export function abandonSharedMarket(market: SharedMarket): void {
  Atomics.store(market.built, 0, 2);
  Atomics.notify(market.built, 0);
}

/**
 * A worker's MarketContext over the shared market: the panel and returns at once; the
 * universe's arrays and the returns ranking once the run's thread has built them (the first
 * read of one blocks until then; the universe's config and shape are there at once).
 * @throws Error on that first read when the run's thread abandoned the market
 */
export function awaitSharedMarket(market: SharedMarket): MarketContext {
  let ready = false;
  const awaitBuilt = (): void => {
    if (ready) return;
    Atomics.wait(market.built, 0, 0);
    if (Atomics.load(market.built, 0) !== 1) throw new Error('the run thread did not build the universe and returns ranking');
    ready = true;
  };
  const { universe, returnRanking } = market;
  return {
    panel: market.panel,
    dataFingerprint: market.dataFingerprint,
    returns: market.returns,
    universe: {
      config: universe.config,
      nDates: universe.nDates,
      nSymbols: universe.nSymbols,
      get status(): Uint8Array {
        awaitBuilt();
        return universe.status;
      },
      get eligibleCount(): Int32Array {
        awaitBuilt();
        return universe.eligibleCount;
      },
      get excludedCounts(): Int32Array {
        awaitBuilt();
        return universe.excludedCounts;
      },
    },
    get returnRanking(): ScoreRanking {
      awaitBuilt();
      return returnRanking;
    },
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
