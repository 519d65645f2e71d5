import { computeSegmentMetrics, createSimulationScratch, dailySharpe, simulateSegment } from '@wf/engine';
import type { BacktestEngine, MarketContext, Segment, SimulationScratch } from '@wf/engine';
import type { EvaluationOutcome, EvaluationTask } from './EvaluationTask.js';

export type CandidateEvaluatorOptions = {
  readonly context: MarketContext;
  /** The (market, factor) engine: its memo of score matrices is what candidates share. */
  readonly engine: BacktestEngine;
  readonly segment: Segment;
  /** false: drop the engine's memo before each candidate (benchmark baseline: no sharing). */
  readonly memoize: boolean;
};

/**
 * Evaluates candidates of one factor on one segment, timing each stage: the score matrix
 * comes from `engine.signals` (memoised by canonical params, or the signal cache), then the
 * segment is simulated and measured with the engine's own `simulateSegment` and
 * `computeSegmentMetrics` (what `engine.evaluate` does, split so each stage is timed).
 * Used in-process and inside each worker (one evaluator per thread, never shared).
 */
export class CandidateEvaluator {
  private readonly context: MarketContext;
  private readonly engine: BacktestEngine;
  private readonly segment: Segment;
  private readonly memoize: boolean;
  private readonly scratch: SimulationScratch;

  constructor(options: CandidateEvaluatorOptions) {
    this.context = options.context;
    this.engine = options.engine;
    this.segment = options.segment;
    this.memoize = options.memoize;
    this.scratch = createSimulationScratch(options.context.panel.nSymbols);
  }

  evaluate(task: EvaluationTask): EvaluationOutcome {
    const t0 = performance.now();
    let t1 = t0;
    let t2 = t0;
    try {
      if (!this.memoize) this.engine.clearAll();
      const signals = this.engine.signals(task.params);
      t1 = performance.now();
      const series = simulateSegment({
        returns: this.context.returns,
        returnRanking: this.context.returnRanking,
        scores: signals.scores,
        scoreRanking: signals.ranking,
        nSymbols: this.context.panel.nSymbols,
        portfolio: task.portfolio ?? this.engine.portfolio,
        start: this.segment.start,
        end: this.segment.end,
        scratch: this.scratch,
      });
      t2 = performance.now();
      const metrics = computeSegmentMetrics(series);
      const sharpe = dailySharpe(series.returns);
      const t3 = performance.now();
      return {
        ordinal: task.ordinal,
        status: 'OK',
        metrics,
        dailySharpe: sharpe,
        returns: task.wantSeries ? series.returns : null,
        timings: { scoresMs: t1 - t0, portfolioMs: t2 - t1, metricsMs: t3 - t2 },
      };
    } catch (error) {
      const t3 = performance.now();
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { ordinal: task.ordinal, status: 'ERROR', error: message, timings: { scoresMs: t1 - t0, portfolioMs: t2 - t1, metricsMs: t3 - t2 } };
    }
  }
}
