import { SegmentOutOfRangeError } from '../errors.js';
import type { Universe } from './Universe.js';

/**
 * The numbers of one `universe_audit.csv` row (PROTOCOL section 9), counted over the
 * segment's signal dates d-1 for each realized day d in [start, end].
 */
export type SegmentAudit = {
  /** N, symbols in the panel. */
  readonly symbols: number;
  /** Mean, min and max number of eligible symbols per signal date. */
  readonly eligibleMean: number;
  readonly eligibleMin: number;
  readonly eligibleMax: number;
  /** Mean |S(d-1)|: eligible symbols with a finite score, for the ranking's parameters. */
  readonly scoredMean: number;
  /** Excluded symbol-days summed over the signal dates, per first failed rule. */
  readonly excludedNoPrice: number;
  readonly excludedHistory: number;
  readonly excludedPrice: number;
  readonly excludedLiquidity: number;
  readonly excludedRank: number;
};

export type AuditSegmentOptions = {
  readonly universe: Universe;
  /** |S(t)| per calendar date for the parameters selected for the window (a ScoreRanking's `count`). */
  readonly scoredCount: Int32Array;
  /** First and last realized day (calendar positions); the signal dates are start-1..end-1. */
  readonly start: number;
  readonly end: number;
};

/** Universe audit of a segment, PROTOCOL section 9 (`universe_audit.csv`). */
export function auditSegment(options: AuditSegmentOptions): SegmentAudit {
  const { universe, scoredCount, start, end } = options;
  const nDates = Math.min(universe.nDates, scoredCount.length);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end >= nDates) {
    throw new SegmentOutOfRangeError({ start, end, nDates });
  }
  const { eligibleCount, excludedCounts } = universe;
  const excluded = [0, 0, 0, 0, 0];
  let eligibleSum = 0;
  let eligibleMin = Infinity;
  let eligibleMax = -Infinity;
  let scoredSum = 0;
  for (let s = start - 1; s <= end - 1; s++) {
    const eligible = eligibleCount[s] as number;
    eligibleSum += eligible;
    if (eligible < eligibleMin) eligibleMin = eligible;
    if (eligible > eligibleMax) eligibleMax = eligible;
    scoredSum += scoredCount[s] as number;
    for (let rule = 0; rule < 5; rule++) excluded[rule] = (excluded[rule] as number) + (excludedCounts[s * 5 + rule] as number);
  }
  const days = end - start + 1;
  return {
    symbols: universe.nSymbols,
    eligibleMean: eligibleSum / days,
    eligibleMin,
    eligibleMax,
    scoredMean: scoredSum / days,
    excludedNoPrice: excluded[0] as number,
    excludedHistory: excluded[1] as number,
    excludedPrice: excluded[2] as number,
    excludedLiquidity: excluded[3] as number,
    excludedRank: excluded[4] as number,
  };
}
