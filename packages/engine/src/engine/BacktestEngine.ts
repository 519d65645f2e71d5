import type { Panel } from '../data/Panel.js';
import type { SignalCache } from '../cache/SignalCache.js';
import { signalCacheKey } from '../cache/signalCacheKey.js';
import { canonicalParams } from '../factors/canonicalParams.js';
import type { FactorDefinition, FactorParams } from '../factors/FactorDefinition.js';
import { FactorWorkspace } from '../factors/FactorWorkspace.js';
import type { SegmentMetrics } from '../metrics/SegmentMetrics.js';
import { computeSegmentMetrics } from '../metrics/computeSegmentMetrics.js';
import type { PortfolioConfig } from '../portfolio/PortfolioConfig.js';
import type { ScoreRanking } from '../portfolio/ScoreRanking.js';
import type { SegmentSeries } from '../portfolio/SegmentSeries.js';
import type { DailyTable } from '../portfolio/DailyTable.js';
import { computeDailyTable } from '../portfolio/computeDailyTable.js';
import { rankCrossSection } from '../portfolio/rankCrossSection.js';
import { sliceDailyTable } from '../portfolio/sliceDailyTable.js';
import { createSimulationScratch } from '../portfolio/SimulationScratch.js';
import type { SimulationScratch } from '../portfolio/SimulationScratch.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { SegmentAudit } from '../universe/auditSegment.js';
import { auditSegment } from '../universe/auditSegment.js';
import type { MarketContext } from './MarketContext.js';
import { SegmentOutOfRangeError } from '../errors.js';
import type { EngineStage, OnEngineStage } from '../telemetry/EngineStage.js';

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
  /**
   * Keep each parameter set's signals (score matrix and ranking, 16 bytes per symbol-day) in
   * memory after its daily table is built (default true: a caller that evaluates other
   * portfolio shapes reuses them). False: a signal is dropped as soon as its daily table is
   * built, so only one score matrix is live at a time; for a run with one portfolio shape
   * (walk-forward), whose tables are memoized, it is never needed again.
   */
  readonly memoizeSignals?: boolean;
  /** How many daily tables (about 100 KB each on the S&P panel) stay in memory. Default 256. */
  readonly maxMemoizedTables?: number;
  /**
   * The earliest realized day any segment evaluated by this engine starts at (default 1, the
   * whole calendar). Scores are still computed over the whole history (factors may be
   * recursive), but rankings and daily tables only from signal date firstDay - 1 on, which
   * is what a run that replays earlier windows from the window cache needs; segments starting
   * before it are refused. The numbers of every allowed segment are the same bits as with a
   * full engine. Partial signals and tables are never written to the signal cache.
   */
  readonly firstDay?: number;
  /** Told the duration of each stage (kernel, ranking, daily table, cache read, evaluation): telemetry. */
  readonly onStage?: OnEngineStage;
};

/** Counters of where signals came from; for heartbeats and telemetry, never for protocol files. */
export type EngineStats = {
  /** Score matrices computed by the factor kernel. */
  readonly computed: number;
  /** Daily tables computed from signals. */
  readonly tablesComputed: number;
  /** Signals or daily tables served from memory. */
  readonly memoHits: number;
  /** Signals or daily tables served from the on-disk signal cache. */
  readonly cacheHits: number;
  /** Segments simulated. */
  readonly segments: number;
};

/**
 * Evaluates one factor on segments of one market. Built once per (market, factor) and
 * reused across every window and candidate: the signals of a parameter set are computed
 * once over the whole panel (or read from the signal cache), turned once per portfolio
 * shape into a DailyTable over the whole calendar, and every segment is a slice of that
 * table (bit-identical to simulating the segment). Only `clearWindowState` resets
 * per-window state. Results are identical to a freshly built engine's.
 */
export class BacktestEngine {
  readonly factor: FactorDefinition;
  readonly portfolio: PortfolioConfig;
  private readonly context: MarketContext;
  private readonly signalCache: SignalCache | null;
  private readonly maxMemoized: number;
  private readonly memoizeSignals: boolean;
  private readonly maxTables: number;
  private readonly firstDay: number;
  private readonly memo = new Map<string, FactorSignals>();
  private readonly tables = new Map<string, DailyTable>();
  /**
   * Without memoized signals: the arrays of the last signals, dropped once their daily table
   * was built, refilled by the next parameter set (a 5,000 x 5,000 matrix is 200 MB: fresh
   * pages per candidate cost more than clearing these, and pile up between collections).
   * One per thread, not per engine: the next engine (a walk-forward worker builds one per
   * factor) reuses them too, where fresh pages cost ~0.7 s of CPU per 200 MB; at most one set
   * stays alive after the last engine.
   */
  private static spare: { scores: Float64Array; order: Int32Array; count: Int32Array } | null = null;
  private readonly scratch: SimulationScratch;
  /** Intermediates the factor's candidates share while their scores are computed (cleared with the window state). */
  private readonly workspace = new FactorWorkspace(1);
  private computed = 0;
  private tablesComputed = 0;
  private memoHits = 0;
  private cacheHits = 0;
  private segments = 0;
  private readonly onStage: OnEngineStage | null;

  constructor(options: BacktestEngineOptions) {
    this.context = options.context;
    this.factor = options.factor;
    this.portfolio = options.portfolio;
    this.signalCache = options.signalCache ?? null;
    this.maxMemoized = Math.max(1, options.maxMemoizedSignals ?? 16);
    this.memoizeSignals = options.memoizeSignals ?? true;
    this.maxTables = Math.max(1, options.maxMemoizedTables ?? 256);
    this.firstDay = Math.max(1, options.firstDay ?? 1);
    this.scratch = createSimulationScratch(options.context.panel.nSymbols);
    this.onStage = options.onStage ?? null;
  }

  /** The full-panel signals of `params` (complete and valid, see `resolveParams`). */
  signals(params: FactorParams): FactorSignals {
    const paramsText = canonicalParams(params);
    const memoized = takeRecent(this.memo, paramsText);
    if (memoized !== undefined) {
      this.memoHits += 1;
      return memoized;
    }
    const signals = this.loadOrComputeSignals(params, paramsText);
    putBounded(this.memo, paramsText, signals, this.maxMemoized);
    return signals;
  }

  /**
   * The DailyTable of `params` under a portfolio shape (construction, quantiles, holding
   * days, min names; cost is applied per segment), from memory, the signal cache, or
   * computed from the signals.
   */
  dailyTable(params: FactorParams, portfolio: PortfolioConfig = this.portfolio): DailyTable {
    const paramsText = canonicalParams(params);
    const shape = `${portfolio.construction}:${portfolio.quantiles}:${portfolio.holdingDays}:${portfolio.minNames}`;
    const memoKey = `${paramsText}|${shape}`;
    const memoized = takeRecent(this.tables, memoKey);
    if (memoized !== undefined) {
      this.memoHits += 1;
      return memoized;
    }
    const key = this.cacheKey(paramsText, `daily-table:${shape}`);
    let table = key === null ? null : this.timed('cacheReads', () => this.readTable(key, portfolio));
    if (table === null) {
      const signals = this.memoizeSignals ? this.signals(params) : this.loadOrComputeSignals(params, paramsText);
      const started = this.onStage === null ? 0 : performance.now();
      table = withArrays(
        computeDailyTable({
          returns: this.context.returns,
          returnRanking: this.context.returnRanking,
          scores: signals.scores,
          scoreRanking: signals.ranking,
          nSymbols: this.context.panel.nSymbols,
          portfolio,
          scratch: this.scratch,
          fromSignalDate: this.firstDay - 1,
        }),
      );
      this.tablesComputed += 1;
      this.onStage?.('dailyTables', performance.now() - started);
      if (key !== null && this.firstDay === 1) this.signalCache?.put(key, { ...table.arrays });
      if (!this.memoizeSignals) BacktestEngine.spare = { scores: signals.scores, order: signals.ranking.order, count: signals.ranking.count };
    }
    putBounded(this.tables, memoKey, table.table, this.maxTables);
    return table.table;
  }

  /** Simulates `params` on a segment and computes its metrics (PROTOCOL sections 4-5). */
  evaluate(options: EvaluateOptions): SegmentEvaluation {
    const { segment } = options;
    this.checkSegment(segment);
    const portfolio = options.portfolio ?? this.portfolio;
    const table = this.dailyTable(options.params, portfolio);
    const started = this.onStage === null ? 0 : performance.now();
    const series = sliceDailyTable({ table, start: segment.start, end: segment.end, costBps: portfolio.costBps });
    this.segments += 1;
    const metrics = computeSegmentMetrics(series);
    this.onStage?.('evaluation', performance.now() - started);
    return { params: options.params, paramsText: canonicalParams(options.params), series, metrics };
  }

  /** The universe audit numbers of a segment (PROTOCOL section 9) for the selected `params`. */
  audit(params: FactorParams, segment: Segment): SegmentAudit {
    this.checkSegment(segment);
    return auditSegment({
      universe: this.context.universe,
      scoredCount: this.dailyTable(params).scoredCount,
      start: segment.start,
      end: segment.end,
    });
  }

  /** Drops per-window state; the memoized signals stay (they depend on no window). */
  clearWindowState(): void {
    this.scratch.reset();
    this.workspace.clear();
  }

  /** Drops everything held in memory, as if the engine were rebuilt. */
  clearAll(): void {
    this.memo.clear();
    this.tables.clear();
    this.scratch.reset();
    this.workspace.clear();
  }

  stats(): EngineStats {
    return {
      computed: this.computed,
      tablesComputed: this.tablesComputed,
      memoHits: this.memoHits,
      cacheHits: this.cacheHits,
      segments: this.segments,
    };
  }

  private loadOrComputeSignals(params: FactorParams, paramsText: string): FactorSignals {
    const { panel, universe } = this.context;
    const key = this.cacheKey(paramsText, undefined);
    if (this.signalCache !== null && key !== null) {
      const signalCache = this.signalCache;
      const bundle = this.timed('cacheReads', () => signalCache.get(key));
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
    // Recycled arrays are cleared first: what a fresh array holds, so a kernel that leaves a
    // cell unwritten and a cached ranking's unused positions read the same either way.
    const spare = this.takeSpare(panel.nDates * panel.nSymbols, panel.nDates);
    const scores = spare?.scores.fill(0) ?? new Float64Array(panel.nDates * panel.nSymbols);
    const from = this.firstScoreDate(params);
    let started = this.onStage === null ? 0 : performance.now();
    if (from === 0) {
      this.factor.compute({ panel, returns: this.context.returns, workspace: this.workspace }, params, scores);
    } else {
      // Scores from signal date firstDay - 1 on read dates from `from` on: compute them on the
      // panel cut to start there (views, no copy); earlier rows stay NaN and are never ranked.
      scores.fill(Number.NaN, 0, from * panel.nSymbols);
      this.factor.compute(
        { panel: panelFrom(panel, from), returns: this.context.returns.subarray(from * panel.nSymbols), workspace: this.workspace },
        params,
        scores.subarray(from * panel.nSymbols),
      );
    }
    if (this.onStage !== null) {
      const now = performance.now();
      this.onStage('scores', now - started);
      started = now;
    }
    const ranking = rankCrossSection({
      values: scores,
      nDates: panel.nDates,
      nSymbols: panel.nSymbols,
      universe,
      fromDate: this.firstDay - 1,
      ...(spare === null ? {} : { out: { nDates: panel.nDates, nSymbols: panel.nSymbols, order: spare.order.fill(0), count: spare.count } }),
    });
    this.onStage?.('ranking', performance.now() - started);
    this.computed += 1;
    if (this.signalCache !== null && key !== null && this.firstDay === 1) {
      this.signalCache.put(key, { scores, order: ranking.order, count: ranking.count });
    }
    return { params, paramsText, scores, ranking };
  }

  /** run(), its duration told to onStage as `stage`. */
  private timed<T>(stage: EngineStage, run: () => T): T {
    if (this.onStage === null) return run();
    const started = performance.now();
    try {
      return run();
    } finally {
      this.onStage(stage, performance.now() - started);
    }
  }

  /** The recycled signal arrays when they have this shape (else none: allocate). */
  private takeSpare(cells: number, nDates: number): { scores: Float64Array; order: Int32Array; count: Int32Array } | null {
    const spare = BacktestEngine.spare;
    BacktestEngine.spare = null;
    if (spare === null || spare.scores.length !== cells || spare.order.length !== cells || spare.count.length !== nDates) return null;
    return spare;
  }

  /**
   * The first date a score computation must start from: 0 for a full engine or a factor that
   * reads its whole history; else the first signal date (firstDay - 1) minus the dates its
   * scores read before it (FactorDefinition.historyDays).
   */
  private firstScoreDate(params: FactorParams): number {
    if (this.firstDay === 1 || this.factor.historyDays === undefined) return 0;
    const history = this.factor.historyDays(params);
    if (!Number.isInteger(history) || history < 0) return 0;
    return Math.max(0, this.firstDay - 1 - history);
  }

  private cacheKey(paramsText: string, variant: string | undefined): string | null {
    if (this.signalCache === null) return null;
    return signalCacheKey({
      protocolVersion: PROTOCOL_VERSION,
      codeIdentity: this.signalCache.codeIdentity,
      factorId: this.factor.id,
      params: paramsText,
      dataFingerprint: this.context.dataFingerprint,
      universe: this.context.universe.config,
      ...(variant === undefined ? {} : { variant }),
    });
  }

  /** A cached daily table whose arrays all have the expected shape, else null (recomputed). */
  private readTable(key: string, portfolio: PortfolioConfig): TableWithArrays | null {
    const bundle = this.signalCache?.get(key) ?? null;
    if (bundle === null) return null;
    const nDates = this.context.panel.nDates;
    const { holdingDays, quantiles } = portfolio;
    const f64 = (name: string, length: number): Float64Array | null => {
      const a = bundle[name];
      return a instanceof Float64Array && a.length === length ? a : null;
    };
    const lagReturns = f64('lagReturns', holdingDays * nDates);
    const grossExposure = f64('grossExposure', nDates);
    const turnoverFromPrevious = f64('turnoverFromPrevious', nDates);
    const ic = f64('ic', nDates);
    const quantileReturns = f64('quantileReturns', nDates * quantiles);
    const scoredCount = bundle['scoredCount'];
    if (
      lagReturns === null ||
      grossExposure === null ||
      turnoverFromPrevious === null ||
      ic === null ||
      quantileReturns === null ||
      !(scoredCount instanceof Int32Array) ||
      scoredCount.length !== nDates
    ) {
      return null;
    }
    this.cacheHits += 1;
    return withArrays({ nDates, holdingDays, quantiles, lagReturns, grossExposure, turnoverFromPrevious, ic, quantileReturns, scoredCount });
  }

  private checkSegment(segment: Segment): void {
    const { nDates } = this.context.panel;
    const { start, end } = segment;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < this.firstDay || end < start || end >= nDates) {
      throw new SegmentOutOfRangeError({ start, end, nDates, firstDay: this.firstDay });
    }
  }
}

type TableWithArrays = { readonly table: DailyTable; readonly arrays: Record<string, Float64Array | Int32Array> };

function withArrays(table: DailyTable): TableWithArrays {
  const { lagReturns, grossExposure, turnoverFromPrevious, ic, quantileReturns, scoredCount } = table;
  return { table, arrays: { lagReturns, grossExposure, turnoverFromPrevious, ic, quantileReturns, scoredCount } };
}

/** Map as a least-recently-used memo: a hit moves the entry to the most recent place. */
function takeRecent<V>(memo: Map<string, V>, key: string): V | undefined {
  const value = memo.get(key);
  if (value !== undefined) {
    memo.delete(key);
    memo.set(key, value);
  }
  return value;
}

function putBounded<V>(memo: Map<string, V>, key: string, value: V, capacity: number): void {
  memo.set(key, value);
  if (memo.size > capacity) {
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
}

/** The panel from date `from` on: every array a view of the original (PROTOCOL section 1 layout). */
function panelFrom(panel: Panel, from: number): Panel {
  const cells = from * panel.nSymbols;
  return {
    symbols: panel.symbols,
    dates: panel.dates.subarray(from),
    nDates: panel.nDates - from,
    nSymbols: panel.nSymbols,
    open: panel.open.subarray(cells),
    high: panel.high.subarray(cells),
    low: panel.low.subarray(cells),
    close: panel.close.subarray(cells),
    volume: panel.volume.subarray(cells),
    marketCap: panel.marketCap === null ? null : panel.marketCap.subarray(cells),
  };
}
