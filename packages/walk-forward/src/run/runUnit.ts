import { countListedGaps } from '@wf/engine';
import type { BacktestEngine, FactorDefinition, FactorSpec, ListedLives, MarketContext, WalkForwardConfig } from '@wf/engine';
import { selectOnSegment } from '@wf/optimizer';
import type { Candidate } from '@wf/optimizer';
import type { UnitResult } from '../output/formatUnitRows.js';
import type { WalkForwardWindow } from '../windows/planWindows.js';

/** A factor of the run with its definition and its candidates in protocol order. */
export type PlannedFactor = {
  readonly spec: FactorSpec;
  readonly factor: FactorDefinition;
  readonly candidates: readonly Candidate[];
};

export type RunUnitOptions = {
  readonly engine: BacktestEngine;
  readonly context: MarketContext;
  readonly planned: PlannedFactor;
  readonly window: WalkForwardWindow;
  readonly config: WalkForwardConfig;
  readonly lives: ListedLives;
};

/**
 * Selection on train, evaluation and audit of one (factor, window) unit (PROTOCOL sections
 * 7 and 9), plus the section 8b inputs: every candidate simulated on the test segment as
 * the winner is (slices of the engine's memoized daily tables) and the test segment's gap counts.
 */
export function runUnit(options: RunUnitOptions): UnitResult {
  const { engine, context, planned, window: win, config, lives } = options;
  const train = { start: win.trainStart, end: win.trainEnd };
  const testSegment = { start: win.testStart, end: win.testEnd };
  const selection = selectOnSegment({ engine, candidates: planned.candidates, segment: train, objective: config.objective });
  const test = engine.evaluate({ params: selection.best.params, segment: testSegment });
  const candidateTestReturns = planned.candidates.map((candidate, c) =>
    c === selection.bestIndex ? test.series.returns : engine.evaluate({ params: candidate.params, segment: testSegment }).series.returns,
  );
  return {
    factorId: planned.spec.id,
    window: win,
    candidates: planned.candidates,
    objective: config.objective,
    selection,
    test,
    trainAudit: engine.audit(selection.best.params, train),
    testAudit: engine.audit(selection.best.params, testSegment),
    candidateTestReturns,
    testGaps: countListedGaps({ panel: context.panel, lives, start: win.testStart, end: win.testEnd }),
  };
}
