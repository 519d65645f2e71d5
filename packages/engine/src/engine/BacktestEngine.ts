import type { SignalCache } from '../cache/SignalCache.js';
import { signalCacheKey } from '../cache/signalCacheKey.js';
import { canonicalParams } from '../factors/canonicalParams.js';
import type { FactorDefinition, FactorParams } from '../factors/FactorDefinition.js';
import type { SegmentMetrics } from '../metrics/SegmentMetrics.js';
import { computeSegmentMetrics } from '../metrics/computeSegmentMetrics.js';
import type { PortfolioConfig } from '../portfolio/PortfolioConfig.js';
import type { ScoreRanking } from '../portfolio/ScoreRanking.js';
import type { SegmentSeries } from '../portfolio/SegmentSeries.js';
import { rankCrossSection } from '../portfolio/rankCrossSection.js';
import { createSimulationScratch, simulateSegment } from '../portfolio/simulateSegment.js';
import type { SimulationScratch } from '../portfolio/simulateSegment.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { SegmentAudit } from '../universe/auditSegment.js';
import { auditSegment } from '../universe/auditSegment.js';
import type { MarketContext } from './MarketContext.js';
import { SegmentOutOfRangeError } from '../universe/SegmentOutOfRangeError.js';

/**
 * The signals of one parameter set over the whole panel: the score matrix of PROTOCOL
 * section 3 and the scored set S(t) sorted by (score, symbol) for section 4.
 */
export type FactorSignals = {
  readonly params: FactorParams;
  /** Canonical params text of PROTOCOL section 7, e.g. `lookback=252;skip=21`. */
  readonly paramsText: string;
  readonly scores: Float64Array;
  readonly ranking: ScoreRanking;
};

/** A segment of calendar positions: [start, end] are the first and last realized days. */
export type Segment = { readonly start: number; readonly end: number };

export type EvaluateOptions = {
  readonly params: FactorParams;
  readonly segment: Segment;
  /** Overrides the engine's portfolio settings for this evaluation (a swept portfolio setting). */
  readonly portfolio?: PortfolioConfig;
};

export type SegmentEvaluation = {
  readonly params: FactorParams;
  readonly paramsText: string;
  readonly series: SegmentSeries;
  readonly metrics: SegmentMetrics;
};

export type BacktestEngineOptions = {
  readonly context: MarketContext;
  readonly factor: FactorDefinition;
  readonly portfolio: PortfolioConfig;
  /** On-disk signal cache shared by processes; null or absent = compute every time. */
  readonly signalCache?: SignalCache | null;
  /** How many parameter sets' signals stay in memory (least recently used evicted). Default 16. */
  readonly maxMemoizedSignals?: number;
};

/** Counters of where signals came from; for heartbeats and telemetry, never for protocol files. */
export type EngineStats = {
  /** Score matrices computed by the factor kernel. */
  readonly computed: number;
  /** Signals served from the in-memory memo. */
  readonly memoHits: number;
  /** Signals served from the on-disk signal cache. */
  readonly cacheHits: number;
  /** Segments simulated. */
  readonly segments: number;
};

/**
 * Evaluates one factor on segments of one market. Built once per (market, factor) and
 * reused across every window and candidate: the signals of a parameter set are computed
 * once over the whole panel (or read from the signal cache) and sliced per segment, and
 * the simulation's scratch buffers are allocated once. Only `clearWindowState` resets
 * per-window state. Results are identical to a freshly built engine's.
 */
export class BacktestEngine {
  readonly factor: FactorDefinition;
  readonly portfolio: PortfolioConfig;
  private readonly context: MarketContext;
  private readonly signalCache: SignalCache | null;
  private readonly maxMemoized: number;
  private readonly memo = new Map<string, FactorSignals>();
  private readonly scratch: SimulationScratch;
  private computed = 0;
  private memoHits = 0;
  private cacheHits = 0;
  private segments = 0;

  constructor(options: BacktestEngineOptions) {
    this.context = options.context;
    this.factor = options.factor;
    this.portfolio = options.portfolio;
    this.signalCache = options.signalCache ?? null;
    this.maxMemoized = Math.max(1, options.maxMemoizedSignals ?? 16);
    this.scratch = createSimulationScratch(options.context.panel.nSymbols);
  }

  /** The full-panel signals of `params` (complete and valid, see `resolveParams`). */
  signals(params: FactorParams): FactorSignals {
    const paramsText = canonicalParams(params);
    const memoized = this.memo.get(paramsText);
    if (memoized !== undefined) {
      this.memoHits += 1;
      // Refresh its place in the least-recently-used order.
      this.memo.delete(paramsText);
      this.memo.set(paramsText, memoized);
      return memoized;
    }
    const signals = this.loadOrComputeSignals(params, paramsText);
    this.memo.set(paramsText, signals);
    if (this.memo.size > this.maxMemoized) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }
    return signals;
  }

  /** Simulates `params` on a segment and computes its metrics (PROTOCOL sections 4-5). */
  evaluate(options: EvaluateOptions): SegmentEvaluation {
    const { segment } = options;
    this.checkSegment(segment);
    const signals = this.signals(options.params);
    const series = simulateSegment({
      returns: this.context.returns,
      returnRanking: this.context.returnRanking,
      scores: signals.scores,
      scoreRanking: signals.ranking,
      nSymbols: this.context.panel.nSymbols,
      portfolio: options.portfolio ?? this.portfolio,
      start: segment.start,
      end: segment.end,
      scratch: this.scratch,
    });
    this.segments += 1;
    return { params: signals.params, paramsText: signals.paramsText, series, metrics: computeSegmentMetrics(series) };
  }

  /** The universe audit numbers of a segment (PROTOCOL section 9) for the selected `params`. */
  audit(params: FactorParams, segment: Segment): SegmentAudit {
    this.checkSegment(segment);
    const signals = this.signals(params);
    return auditSegment({
      universe: this.context.universe,
      scoreRanking: signals.ranking,
      start: segment.start,
      end: segment.end,
    });
  }

  /** Drops per-window state; the memoized signals stay (they depend on no window). */
  clearWindowState(): void {
    this.scratch.reset();
  }

  /** Drops everything held in memory, as if the engine were rebuilt. */
  clearAll(): void {
    this.memo.clear();
    this.scratch.reset();
  }

  stats(): EngineStats {
    return { computed: this.computed, memoHits: this.memoHits, cacheHits: this.cacheHits, segments: this.segments };
  }

  private loadOrComputeSignals(params: FactorParams, paramsText: string): FactorSignals {
    const { panel, universe, dataFingerprint } = this.context;
    const key =
      this.signalCache === null
        ? null
        : signalCacheKey({
            protocolVersion: PROTOCOL_VERSION,
            factorId: this.factor.id,
            params: paramsText,
            dataFingerprint,
            universe: universe.config,
          });
    if (this.signalCache !== null && key !== null) {
      const bundle = this.signalCache.get(key);
      const scores = bundle?.['scores'];
      const order = bundle?.['order'];
      const count = bundle?.['count'];
      const cells = panel.nDates * panel.nSymbols;
      if (
        scores instanceof Float64Array &&
        order instanceof Int32Array &&
        count instanceof Int32Array &&
        scores.length === cells &&
        order.length === cells &&
        count.length === panel.nDates
      ) {
        this.cacheHits += 1;
        const ranking: ScoreRanking = { nDates: panel.nDates, nSymbols: panel.nSymbols, order, count };
        return { params, paramsText, scores, ranking };
      }
    }
    const scores = new Float64Array(panel.nDates * panel.nSymbols);
    this.factor.compute({ panel, returns: this.context.returns }, params, scores);
    const ranking = rankCrossSection({
      values: scores,
      nDates: panel.nDates,
      nSymbols: panel.nSymbols,
      universe,
    });
    this.computed += 1;
    if (this.signalCache !== null && key !== null) {
      this.signalCache.put(key, { scores, order: ranking.order, count: ranking.count });
    }
    return { params, paramsText, scores, ranking };
  }

  private checkSegment(segment: Segment): void {
    const { nDates } = this.context.panel;
    const { start, end } = segment;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end >= nDates) {
      throw new SegmentOutOfRangeError({ start, end, nDates });
    }
  }
}
