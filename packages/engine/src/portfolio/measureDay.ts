import type { ScoreRanking } from './ScoreRanking.js';
import type { SimulationScratch } from './SimulationScratch.js';
import { spearmanOfPairs } from './spearmanOfPairs.js';

export type MeasureDayOptions = {
  readonly returns: Float64Array;
  readonly returnRanking: ScoreRanking;
  readonly scores: Float64Array;
  readonly sOrder: Int32Array;
  /** Signal date s = d - 1: its row start and |S(s)|. */
  readonly sRow: number;
  readonly n: number;
  /** Realized day d: its row start and calendar position. */
  readonly dRow: number;
  readonly d: number;
  readonly quantiles: number;
  readonly minNames: number;
  /** Quantile bounds of n, valid when n >= minNames. */
  readonly bounds: Int32Array;
  readonly scratch: SimulationScratch;
  /** A number not used as a stamp since the scratch's pairStamp was zeroed. */
  readonly stamp: number;
  /** Receives the day's quantile returns at quantileOut[quantileOffset + q - 1]. */
  readonly quantileOut: Float64Array;
  readonly quantileOffset: number;
};

/**
 * The cross-sectional measures of realized day d from S(d-1) (PROTOCOL section 4): returns
 * the daily Spearman IC (NaN with fewer than minNames pairs or no variance) and writes each
 * quantile's mean finite r[d] (NaN when it has none, all NaN when |S(d-1)| < minNames).
 * Shared by simulateSegment and computeDailyTable.
 */
export function measureDay(options: MeasureDayOptions): number {
  const { returns, scores, sOrder, sRow, n, dRow, d, quantiles, minNames, bounds, stamp, quantileOut, quantileOffset } = options;
  const { pairStamp, pairSymbol, pairScore, orderedReturn, rowScores, rowReturns } = options.scratch;
  // The two rows read in symbol order below are copied first: a sequential copy streams them
  // into the cache, where the walks in score and return order then find them (read in place,
  // each row's scattered first touches cost more than the rest of the day's work).
  const width = rowScores.length;
  rowScores.set(scores.subarray(sRow, sRow + width));
  rowReturns.set(returns.subarray(dRow, dRow + width));
  // One walk of the score order: r[d] in that order (for the quantiles), and the IC pairs.
  let pairs = 0;
  for (let p = 0; p < n; p++) {
    const i = sOrder[sRow + p] as number;
    const r = rowReturns[i] as number;
    orderedReturn[p] = r;
    if (r - r === 0) {
      pairStamp[i] = stamp;
      pairSymbol[pairs] = i;
      pairScore[pairs] = rowScores[i] as number;
      pairs++;
    }
  }
  const ic =
    pairs < minNames
      ? NaN
      : spearmanOfPairs({
          pairSymbol,
          pairScore,
          pairs,
          rowReturns,
          dRow,
          rOrder: options.returnRanking.order,
          rCount: options.returnRanking.count[d] as number,
          pairStamp,
          stamp,
          returnRank: options.scratch.returnRank,
          returnSymbol: options.scratch.returnSymbol,
          returnValue: options.scratch.returnValue,
        });
  for (let qi = 0; qi < quantiles; qi++) {
    if (n < minNames) {
      quantileOut[quantileOffset + qi] = NaN;
      continue;
    }
    const from = bounds[qi] as number;
    const to = bounds[qi + 1] as number;
    let sum = 0;
    let finite = 0;
    for (let p = from; p < to; p++) {
      const r = orderedReturn[p] as number;
      if (r - r === 0) {
        sum += r;
        finite++;
      }
    }
    quantileOut[quantileOffset + qi] = finite === 0 ? NaN : sum / finite;
  }
  return ic;
}
