import { describe, expect, test } from 'vitest';
import { computeOosSummary } from './computeOosSummary.js';
import type { OosWindowInput } from './computeOosSummary.js';
import { deflatedSharpeRatio } from '../dsr/deflatedSharpeRatio.js';

function window(returns: number[], ic: number[], universeMean: number, sharpes: number[], params = 'p=1'): OosWindowInput {
  const testReturns = Float64Array.from(returns);
  return {
    testReturns,
    testIc: Float64Array.from(ic),
    testTotalReturn: returns.reduce((e, r) => e * (1 + r), 1) - 1,
    testUniverseMean: universeMean,
    candidateTrainSharpes: Float64Array.from(sharpes),
    // Every candidate's test series equals the winner's here (pbo needs T >= 32 anyway).
    candidateTestReturns: sharpes.map(() => testReturns),
    selectedParams: params,
    gaps: { listedDays: 10 * returns.length, gapDays: 1 },
  };
}

// Stitched R = 0.01, -0.02, 0.03, 0 and IC = 0.1, NaN, 0.3, -0.1
const first = window([0.01, -0.02], [0.1, Number.NaN], 10, [0.1, 0.3]);
const second = window([0.03, 0], [0.3, -0.1], 20, [0.05, 0.05], 'p=2');
const stitched = Float64Array.from([0.01, -0.02, 0.03, 0]);

describe('computeOosSummary', () => {
  const summary = computeOosSummary({ windows: [first, second], trials: 3, candidates: 2 });

  test('computes the section 5 metrics on the stitched test series', () => {
    const std = Math.sqrt(0.0013 / 3);
    expect(summary.windows).toBe(2);
    expect(summary.oosDays).toBe(4);
    expect(summary.oosSharpe).toBeCloseTo((0.005 / std) * Math.sqrt(252), 11);
    expect(summary.oosAnnReturn).toBeCloseTo(Math.pow(1.019494, 63) - 1, 12);
    expect(summary.oosMaxDrawdown).toBeCloseTo(0.02, 15);
    expect(summary.oosMeanIc).toBeCloseTo(0.1, 15);
    expect(summary.oosIcTstat).toBeCloseTo(0.5 * Math.sqrt(3), 14);
  });

  test('takes the share of positive windows and the mean window universe', () => {
    // first window: 1.01 * 0.98 - 1 < 0; second: +3%
    expect(summary.positiveWindowFrac).toBe(0.5);
    expect(summary.universeMean).toBe(15);
  });

  test('averages the candidate Sharpe variance per window and deflates with it', () => {
    // window 1: var(0.1, 0.3) = 0.02; window 2: var(0.05, 0.05) = 0
    expect(summary.trials).toBe(3);
    expect(summary.candidateSharpeVariance).toBeCloseTo(0.01, 15);
    expect(summary.dsr).toBe(deflatedSharpeRatio({ returns: stitched, trials: 3, sharpeVariance: summary.candidateSharpeVariance }));
  });

  test('sets V to 0 for a single candidate, whatever the ledger says N is', () => {
    const a = window([0.01, -0.02], [0.1, Number.NaN], 10, [0.1]);
    const b = window([0.03, 0], [0.3, -0.1], 20, [0.3]);
    const single = computeOosSummary({ windows: [a, b], trials: 1, candidates: 1 });
    expect(single.candidateSharpeVariance).toBe(0);
    expect(single.dsr).toBe(deflatedSharpeRatio({ returns: stitched, trials: 1, sharpeVariance: 0 }));
    const ledger = computeOosSummary({ windows: [a, b], trials: 7, candidates: 1 });
    expect(ledger.trials).toBe(7);
    expect(ledger.dsr).toBe(single.dsr);
  });

  test('adds the section 8b diagnostics: param_stability, oos_gap_frac, and pbo NaN below 32 days', () => {
    expect(summary.candidates).toBe(2);
    expect(summary.paramStability).toBe(0.5);
    expect(summary.oosGapFrac).toBe(2 / 40);
    expect(summary.pbo).toBeNaN();
  });

  test('stitches in window order', () => {
    const a = window([-0.1], [], 1, [0]);
    const b = window([0.2, -0.1], [], 1, [0]);
    // a then b: E = 0.9, 1.08, 0.972 -> worst 10% (below 1, then below 1.08)
    expect(computeOosSummary({ windows: [a, b], trials: 1, candidates: 1 }).oosMaxDrawdown).toBeCloseTo(0.1, 14);
    // b then a: E = 1.2, 1.08, 0.972 -> 1 - 0.972/1.2 = 19%
    expect(computeOosSummary({ windows: [b, a], trials: 1, candidates: 1 }).oosMaxDrawdown).toBeCloseTo(0.19, 14);
  });

  test('gives NaN figures without windows', () => {
    const empty = computeOosSummary({ windows: [], trials: 2, candidates: 2 });
    expect(empty.oosDays).toBe(0);
    expect(empty.oosSharpe).toBeNaN();
    expect(empty.positiveWindowFrac).toBeNaN();
    expect(empty.universeMean).toBeNaN();
    expect(empty.dsr).toBeNaN();
  });
});
