import { SegmentOutOfRangeError } from '../errors.js';
import type { PortfolioConfig } from './PortfolioConfig.js';
import type { ScoreRanking } from './ScoreRanking.js';
import type { SegmentSeries } from './SegmentSeries.js';
import { checkSimulationInputs } from './checkSimulationInputs.js';
import { fillQuantileBounds } from './fillQuantileBounds.js';
import type { SimulationScratch } from './SimulationScratch.js';
import { formTarget, heldReturn, turnoverBetween } from './formTarget.js';
import { measureDay } from './measureDay.js';
import { netDailyReturn } from './netDailyReturn.js';

export { SimulationScratch, createSimulationScratch } from './SimulationScratch.js';

export type SimulateSegmentOptions = {
  /** r[t * nSymbols + i] of PROTOCOL section 1 (NaN where undefined). */
  readonly returns: Float64Array;
  /** rankCrossSection of `returns` without a universe: every finite r[t], sorted. */
  readonly returnRanking: ScoreRanking;
  /** Date-major factor scores (section 3). */
  readonly scores: Float64Array;
  /** rankCrossSection of `scores` with the universe: S(t) sorted by (score, symbol). */
  readonly scoreRanking: ScoreRanking;
  readonly nSymbols: number;
  readonly portfolio: PortfolioConfig;
  /** First realized day a (calendar position, >= 1); its position is formed at a - 1. */
  readonly start: number;
  /** Last realized day b (calendar position, <= nDates - 1). */
  readonly end: number;
  /** Reused buffers (one per engine); a fresh one is allocated when absent. */
  readonly scratch?: SimulationScratch;
};

/**
 * Simulates one segment [start, end] of PROTOCOL section 4 and returns its daily series.
 *
 * - Rebalances at signal dates s = start-1, start-1+h, ... <= end-1; day d holds the target
 *   of the latest rebalance <= d-1; the segment starts flat (the first turnover is the
 *   gross of the first target).
 * - Target at s over S(s) (the score ranking at s): flat if |S(s)| < minNames; position p
 *   of the sorted set is in quantile floor(p*Q/n)+1; long-short +1/|top| and -1/|bottom|,
 *   long-only +1/|top|, time-series sign(score)/n.
 * - R[d] = sum_i w_i * r[d][i] (NaN r counts 0), summed in symbol order, minus
 *   turnover(s) * costBps / 1e4 on day d = s + 1 of each rebalance s.
 * - IC[d]: Spearman (average ranks for ties) of score[d-1] and r[d] over the symbols of
 *   S(d-1) with a finite r[d]; NaN with fewer than minNames pairs or when either side is
 *   constant. Ranks come from walking the two precomputed orders (O(N) per day).
 * - Quantile returns (a project reading of "quantiles of d-1 recomputed every day"): for
 *   each quantile of S(d-1), the mean of its finite r[d]; NaN when the quantile has no
 *   finite r[d] or when |S(d-1)| < minNames (no portfolio would be formed from it).
 */
export function simulateSegment(options: SimulateSegmentOptions): SegmentSeries {
  const { returns, returnRanking, scores, scoreRanking, nSymbols, portfolio, start, end } = options;
  const { nDates, scratch } = checkSimulationInputs(options);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end >= nDates) {
    throw new SegmentOutOfRangeError({ start, end, nDates });
  }

  const { quantiles, holdingDays, costBps, minNames, construction } = portfolio;
  const days = end - start + 1;
  const dailyReturns = new Float64Array(days);
  const ic = new Float64Array(days);
  const scoredCount = new Int32Array(days);
  const quantileReturns = new Float64Array(days * quantiles);

  scratch.pairStamp.fill(0);
  let held = scratch.weightsA;
  let target = scratch.weightsB;
  held.fill(0);
  let turnoverSum = 0;
  let rebalances = 0;
  const bounds = new Int32Array(quantiles + 1);
  const sOrder = scoreRanking.order;

  for (let j = 0; j < days; j++) {
    const d = start + j;
    const s = d - 1;
    const sRow = s * nSymbols;
    const dRow = d * nSymbols;
    const n = scoreRanking.count[s] as number;
    scoredCount[j] = n;
    if (n >= minNames) fillQuantileBounds(bounds, n);

    let turnover = 0;
    if (j % holdingDays === 0) {
      formTarget({ target, construction, scores, sOrder, sRow, n, quantiles, minNames, bounds });
      turnover = turnoverBetween(target, held);
      const formed = target;
      target = held;
      held = formed;
      turnoverSum += turnover;
      rebalances++;
    }
    dailyReturns[j] = netDailyReturn(heldReturn(held, returns, dRow), turnover, costBps);
    ic[j] = measureDay({
      returns,
      returnRanking,
      scores,
      sOrder,
      sRow,
      n,
      dRow,
      d,
      quantiles,
      minNames,
      bounds,
      scratch,
      stamp: j + 1,
      quantileOut: quantileReturns,
      quantileOffset: j * quantiles,
    });
  }

  return {
    start,
    end,
    days,
    returns: dailyReturns,
    ic,
    scoredCount,
    turnoverSum,
    rebalances,
    quantiles,
    quantileReturns,
  };
}
