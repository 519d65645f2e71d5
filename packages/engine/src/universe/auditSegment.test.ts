import { describe, expect, it } from 'vitest';
import { makeTestPanel } from '../portfolio/testing/makeTestPanel.js';
import { rankCrossSection } from '../portfolio/rankCrossSection.js';
import type { ScoreRanking } from '../portfolio/ScoreRanking.js';
import { auditSegment } from './auditSegment.js';
import { computeUniverse } from './computeUniverse.js';
import { SegmentOutOfRangeError } from '../errors.js';
import type { Universe } from './Universe.js';

function universeWith(eligible: number[], excluded: number[][]): Universe {
  return {
    config: { minHistory: 1, minPrice: 0, minDollarVolume: 0, topN: null },
    nDates: eligible.length,
    nSymbols: 10,
    status: new Uint8Array(eligible.length * 10),
    eligibleCount: Int32Array.from(eligible),
    excludedCounts: Int32Array.from(excluded.flat()),
  };
}

function rankingWith(count: number[]): ScoreRanking {
  return { nDates: count.length, nSymbols: 10, order: new Int32Array(count.length * 10), count: Int32Array.from(count) };
}

describe('auditSegment', () => {
  it('summarises the signal dates start-1..end-1 of a segment', () => {
    const universe = universeWith(
      [9, 7, 8, 4, 1],
      [
        [1, 0, 0, 0, 0],
        [1, 1, 1, 0, 0],
        [0, 1, 0, 1, 0],
        [2, 2, 1, 0, 1],
        [9, 0, 0, 0, 0],
      ],
    );
    // Realized days 2..4: signal dates 1, 2, 3.
    const audit = auditSegment({ universe, scoredCount: rankingWith([9, 6, 8, 1, 0]).count, start: 2, end: 4 });
    expect(audit).toEqual({
      symbols: 10,
      eligibleMean: 19 / 3,
      eligibleMin: 4,
      eligibleMax: 8,
      scoredMean: 5,
      excludedNoPrice: 3,
      excludedHistory: 4,
      excludedPrice: 2,
      excludedLiquidity: 1,
      excludedRank: 1,
    });
  });

  it('counts the symbol-days of a universe computed from a panel', () => {
    // A lists at t=5, B trades throughout; 22 dates, realized days 1..21 (signal dates 0..20).
    const close = Array.from({ length: 22 }, (_, t) => [t < 5 ? NaN : 10, 10]);
    const panel = makeTestPanel({ symbols: ['A', 'B'], close });
    const universe = computeUniverse(panel, { minHistory: 1, minPrice: 0, minDollarVolume: 0, topN: null });
    const scores = new Float64Array(22 * 2).fill(1);
    const scoreRanking = rankCrossSection({ values: scores, nDates: 22, nSymbols: 2, universe });
    const audit = auditSegment({ universe, scoredCount: scoreRanking.count, start: 1, end: 21 });
    // A: no price on 0..4, liquidity on 5..20 (its windows reach back to the missing days).
    // B: liquidity on 0..18 (t < 19), eligible on 19 and 20.
    expect(audit).toEqual({
      symbols: 2,
      eligibleMean: 2 / 21,
      eligibleMin: 0,
      eligibleMax: 1,
      scoredMean: 2 / 21,
      excludedNoPrice: 5,
      excludedHistory: 0,
      excludedPrice: 0,
      excludedLiquidity: 16 + 19,
      excludedRank: 0,
    });
  });

  it('rejects a segment that starts at 0 or ends past the calendar', () => {
    const universe = universeWith([1, 1, 1], [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]);
    const scoreRanking = rankingWith([1, 1, 1]);
    expect(() => auditSegment({ universe, scoredCount: scoreRanking.count, start: 0, end: 1 })).toThrow(SegmentOutOfRangeError);
    expect(() => auditSegment({ universe, scoredCount: scoreRanking.count, start: 1, end: 3 })).toThrow(/segment \[1, 3\]/);
  });
});
