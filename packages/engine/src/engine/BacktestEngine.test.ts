import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SignalCache } from '../cache/SignalCache.js';
import { signalCacheKey } from '../cache/signalCacheKey.js';
import { createBuiltinRegistry } from '../factors/createBuiltinRegistry.js';
import { resolveParams } from '../factors/resolveParams.js';
import type { FactorParams } from '../factors/FactorDefinition.js';
import { DEFAULT_PORTFOLIO_CONFIG } from '../portfolio/PortfolioConfig.js';
import type { SegmentSeries } from '../portfolio/SegmentSeries.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import { generateSampleMarket } from '../sample/generateSampleMarket.js';
import { DEFAULT_UNIVERSE_CONFIG } from '../universe/Universe.js';
import { SegmentOutOfRangeError } from '../errors.js';
import { BacktestEngine } from './BacktestEngine.js';
import type { Segment } from './BacktestEngine.js';
import { createMarketContext } from './MarketContext.js';

import type { MarketContext } from './MarketContext.js';

/** A code identity (CodeIdentity.sha256) for the signal cache entries of these tests. */
const CODE = 'ab'.repeat(32);

const registry = createBuiltinRegistry();
let context: MarketContext;
const tempDirs: string[] = [];

beforeAll(() => {
  const market = generateSampleMarket({ symbols: 60, days: 420, seed: 7 });
  context = createMarketContext({ panel: market.panel, dataFingerprint: 'sample-60x420-seed7', universe: DEFAULT_UNIVERSE_CONFIG });
});

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-engine-'));
  tempDirs.push(dir);
  return dir;
}

/** Every byte of a segment's series, so "identical" means identical. */
function seriesBytes(series: SegmentSeries): string {
  const parts = [series.returns, series.ic, series.scoredCount, series.quantileReturns].map((a) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'),
  );
  return `${parts.join('|')}|${series.turnoverSum}|${series.rebalances}`;
}

const windows: Segment[] = [
  { start: 150, end: 212 },
  { start: 213, end: 275 },
  { start: 276, end: 338 },
  { start: 339, end: 419 },
];
const reversalCandidates = [3, 5, 10].map((lookback) => resolveParams(registry.get('reversal'), { lookback }));

function runAll(engine: BacktestEngine, candidates: readonly FactorParams[]): string[] {
  const out: string[] = [];
  for (const segment of windows) {
    for (const params of candidates) out.push(seriesBytes(engine.evaluate({ params, segment }).series));
    engine.clearWindowState();
  }
  return out;
}

describe('BacktestEngine', () => {
  it('gives the same bytes reused across windows as rebuilt for every evaluation', () => {
    const factor = registry.get('reversal');
    const reused = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG });
    const reusedBytes = runAll(reused, reversalCandidates);
    const rebuiltBytes: string[] = [];
    for (const segment of windows) {
      for (const params of reversalCandidates) {
        const fresh = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG });
        rebuiltBytes.push(seriesBytes(fresh.evaluate({ params, segment }).series));
      }
    }
    expect(reusedBytes).toEqual(rebuiltBytes);
    // Each parameter set's signals and daily table are computed once and sliced for every window.
    expect(reused.stats()).toMatchObject({ computed: 3, tablesComputed: 3, memoHits: 9, segments: 12 });
  });

  it('recomputes evicted signals identically when the memo holds a single parameter set', () => {
    const factor = registry.get('ma_cross');
    const candidates = [
      { fast: 10, slow: 50 },
      { fast: 20, slow: 100 },
    ].map((p) => resolveParams(factor, p));
    const roomy = runAll(new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG }), candidates);
    const tight = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, maxMemoizedSignals: 1, maxMemoizedTables: 1 });
    expect(runAll(tight, candidates)).toEqual(roomy);
    expect(tight.stats()).toMatchObject({ computed: 8, tablesComputed: 8 });
  });

  it('gives the same bytes with the signal cache off, cold and warm, and serves warm runs from disk', () => {
    const factor = registry.get('rsi');
    const candidates = [7, 14].map((period) => resolveParams(factor, { period }));
    const dir = tempDir();
    const off = runAll(new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG }), candidates);
    const coldCache = new SignalCache({ dir, codeIdentity: CODE });
    const cold = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: coldCache });
    expect(runAll(cold, candidates)).toEqual(off);
    // A signal entry and a daily table entry per parameter set.
    expect(coldCache.stats()).toMatchObject({ writes: 4, hits: 0 });
    const warm = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) });
    expect(runAll(warm, candidates)).toEqual(off);
    // Warm runs read only the small daily tables, never the score matrices.
    expect(warm.stats()).toMatchObject({ computed: 0, tablesComputed: 0, cacheHits: 2 });
  });

  it('recomputes corrupt signal cache entries (signals and daily table) instead of trusting them, and rewrites them', () => {
    const factor = registry.get('momentum');
    const params = resolveParams(factor, { lookback: 126, skip: 0 });
    const dir = tempDir();
    const segment = windows[0] as Segment;
    const expected = seriesBytes(new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG }).evaluate({ params, segment }).series);
    new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) }).evaluate({ params, segment });
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    const parts = {
      protocolVersion: PROTOCOL_VERSION,
      codeIdentity: CODE,
      factorId: 'momentum',
      params: 'lookback=126;skip=0',
      dataFingerprint: context.dataFingerprint,
      universe: context.universe.config,
    };
    const p = DEFAULT_PORTFOLIO_CONFIG;
    for (const key of [signalCacheKey(parts), signalCacheKey({ ...parts, variant: `daily-table:${p.construction}:${p.quantiles}:${p.holdingDays}:${p.minNames}` })]) {
      const file = cache.pathOf(key);
      const bytes = readFileSync(file);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
      writeFileSync(file, bytes);
    }
    const engine = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: cache });
    expect(seriesBytes(engine.evaluate({ params, segment }).series)).toBe(expected);
    expect(engine.stats()).toMatchObject({ computed: 1, tablesComputed: 1, cacheHits: 0 });
    expect(cache.stats()).toMatchObject({ corrupt: 2, writes: 2 });
    const after = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) });
    expect(seriesBytes(after.evaluate({ params, segment }).series)).toBe(expected);
    expect(after.stats()).toMatchObject({ computed: 0, cacheHits: 1 });
  });

  it('keeps one table per portfolio shape and shares it across costs', () => {
    const factor = registry.get('reversal');
    const params = reversalCandidates[0] as FactorParams;
    const engine = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG });
    const segment = windows[3] as Segment;
    engine.evaluate({ params, segment });
    engine.evaluate({ params, segment, portfolio: { ...DEFAULT_PORTFOLIO_CONFIG, costBps: 30 } });
    expect(engine.stats()).toMatchObject({ computed: 1, tablesComputed: 1 });
    const weekly = engine.evaluate({ params, segment, portfolio: { ...DEFAULT_PORTFOLIO_CONFIG, holdingDays: 5 } });
    expect(engine.stats()).toMatchObject({ computed: 1, tablesComputed: 2 });
    expect(weekly.series.rebalances).toBe(Math.ceil(weekly.series.days / 5));
  });

  it('keys cached signals by code identity, so entries of other code are never read', () => {
    const factor = registry.get('reversal');
    const params = reversalCandidates[1] as FactorParams;
    const dir = tempDir();
    const segment = windows[1] as Segment;
    new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) }).evaluate({ params, segment });
    const same = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) });
    same.evaluate({ params, segment });
    expect(same.stats()).toMatchObject({ cacheHits: 1, tablesComputed: 0 });
    const other = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: 'cd'.repeat(32) }) });
    other.evaluate({ params, segment });
    expect(other.stats()).toMatchObject({ cacheHits: 0, computed: 1, tablesComputed: 1 });
  });

  it('keys cached signals by universe config, so another universe never reads them', () => {
    const factor = registry.get('reversal');
    const params = reversalCandidates[1] as FactorParams;
    const dir = tempDir();
    const segment = windows[1] as Segment;
    new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) }).evaluate({ params, segment });
    const strict = createMarketContext({
      panel: context.panel,
      dataFingerprint: context.dataFingerprint,
      universe: { ...DEFAULT_UNIVERSE_CONFIG, minPrice: 20 },
    });
    const engine = new BacktestEngine({ context: strict, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache: new SignalCache({ dir, codeIdentity: CODE }) });
    const cachedRun = engine.evaluate({ params, segment }).series;
    expect(engine.stats().cacheHits).toBe(0);
    const fresh = new BacktestEngine({ context: strict, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG }).evaluate({ params, segment }).series;
    expect(seriesBytes(cachedRun)).toBe(seriesBytes(fresh));
  });

  it('applies a portfolio override for one evaluation only', () => {
    const factor = registry.get('reversal');
    const params = reversalCandidates[1] as FactorParams;
    const engine = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG });
    const segment = windows[2] as Segment;
    const base = engine.evaluate({ params, segment }).metrics;
    const costly = engine.evaluate({ params, segment, portfolio: { ...DEFAULT_PORTFOLIO_CONFIG, costBps: 50 } }).metrics;
    expect(costly.totalReturn).toBeLessThan(base.totalReturn);
    expect(engine.evaluate({ params, segment }).metrics).toEqual(base);
  });

  it('rejects a segment whose first day has no signal date before it or that passes the calendar', () => {
    const engine = new BacktestEngine({ context, factor: registry.get('reversal'), portfolio: DEFAULT_PORTFOLIO_CONFIG });
    const params = reversalCandidates[0] as FactorParams;
    expect(() => engine.evaluate({ params, segment: { start: 0, end: 10 } })).toThrow(SegmentOutOfRangeError);
    expect(() => engine.evaluate({ params, segment: { start: 10, end: 420 } })).toThrow(/does not fit a calendar of 420 dates/);
  });
});

describe('BacktestEngine without memoized signals (as walk-forward workers run it)', () => {
  it('gives the bytes of a memoizing engine while engines hand their recycled arrays on and ma_cross shares its means', () => {
    // Engines built one after another on a thread (a worker's factors), each computing its
    // candidates in turn: recycled score and ranking arrays pass from engine to engine, and
    // ma_cross's candidates share rolling means through the engine's workspace.
    const maCrossCandidates = [
      { fast: 10, slow: 50 },
      { fast: 10, slow: 100 },
      { fast: 20, slow: 50 },
      { fast: 20, slow: 100 },
    ].map((params) => resolveParams(registry.get('ma_cross'), params));
    const plan = [
      { id: 'reversal', candidates: reversalCandidates },
      { id: 'ma_cross', candidates: maCrossCandidates },
      { id: 'bollinger', candidates: [10, 20].map((period) => resolveParams(registry.get('bollinger'), { period })) },
      { id: 'reversal', candidates: reversalCandidates.slice().reverse() },
    ];
    for (const firstDay of [1, 150]) {
      for (const { id, candidates } of plan) {
        const factor = registry.get(id);
        const recycling = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, memoizeSignals: false, firstDay });
        const memoizing = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, firstDay });
        expect(runAll(recycling, candidates), `${id} from ${firstDay}`).toEqual(runAll(memoizing, candidates));
        expect(recycling.stats().computed, id).toBe(candidates.length);
      }
    }
  });
});

describe('BacktestEngine firstDay', () => {
  it('gives the bits of a full engine for every segment from firstDay on, for every factor (scores computed from the dates they read) and holding period', () => {
    for (const holdingDays of [1, 3]) {
      const portfolio = { ...DEFAULT_PORTFOLIO_CONFIG, holdingDays };
      for (const firstDay of [213, 214, 276]) {
        for (const [id, given] of [
          ['reversal', {}],
          ['low_volatility', {}],
          ['low_volatility', { lookback: 60 }],
          ['macd', {}],
          ['momentum', { lookback: 60, skip: 5 }],
          ['ma_cross', { fast: 10, slow: 50 }],
          ['rsi', { period: 7 }],
          ['bollinger', { period: 20 }],
          ['high_52w', { lookback: 60 }],
          ['low_liquidity', { lookback: 20 }],
          ['amihud', { lookback: 20 }],
        ] as const) {
          const factor = registry.get(id);
          const params = resolveParams(factor, given);
          const full = new BacktestEngine({ context, factor, portfolio });
          const partial = new BacktestEngine({ context, factor, portfolio, firstDay });
          for (const segment of windows.filter((w) => w.start >= firstDay)) {
            expect(seriesBytes(partial.evaluate({ params, segment }).series)).toBe(seriesBytes(full.evaluate({ params, segment }).series));
            expect(partial.audit(params, segment)).toEqual(full.audit(params, segment));
          }
        }
      }
    }
  });

  it('refuses a segment that starts before firstDay and never writes partial entries to the signal cache', () => {
    const signalCache = new SignalCache({ dir: tempDir(), codeIdentity: CODE });
    const factor = registry.get('reversal');
    const params = resolveParams(factor, {});
    const engine = new BacktestEngine({ context, factor, portfolio: DEFAULT_PORTFOLIO_CONFIG, signalCache, firstDay: 276 });
    expect(() => engine.evaluate({ params, segment: { start: 213, end: 275 } })).toThrow(SegmentOutOfRangeError);
    engine.evaluate({ params, segment: { start: 276, end: 338 } });
    expect(signalCache.stats().writes).toBe(0);
  });
});
