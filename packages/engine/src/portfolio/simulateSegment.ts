import { SegmentOutOfRangeError } from '../universe/SegmentOutOfRangeError.js';
import type { PortfolioConfig } from './PortfolioConfig.js';
import type { ScoreRanking } from './ScoreRanking.js';
import type { SegmentSeries } from './SegmentSeries.js';
import { checkLength } from './ShapeMismatchError.js';
import { fillQuantileBounds } from './fillQuantileBounds.js';
import { SimulationScratch } from './SimulationScratch.js';
import { spearmanFromOrders } from './spearmanFromOrders.js';
import { validatePortfolio } from './validatePortfolio.js';

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

const LONG_SHORT = 0;
const LONG_ONLY = 1;
const TIME_SERIES = 2;

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
  validatePortfolio(portfolio);
  const nDates = scoreRanking.nDates;
  const cells = nDates * nSymbols;
  checkLength('scores', scores.length, cells);
  checkLength('returns', returns.length, cells);
  checkLength('scoreRanking.order', scoreRanking.order.length, cells);
  checkLength('returnRanking.order', returnRanking.order.length, cells);
  checkLength('returnRanking.count', returnRanking.count.length, nDates);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end >= nDates) {
    throw new SegmentOutOfRangeError({ start, end, nDates });
  }
  const scratch = options.scratch ?? new SimulationScratch(nSymbols);
  checkLength('scratch (symbols)', scratch.nSymbols, nSymbols);

  const { quantiles, holdingDays, costBps, minNames } = portfolio;
  const construction =
    portfolio.construction === 'quantile_long_short'
      ? LONG_SHORT
      : portfolio.construction === 'long_only'
        ? LONG_ONLY
        : TIME_SERIES;
  const days = end - start + 1;
  const dailyReturns = new Float64Array(days);
  const ic = new Float64Array(days);
  const scoredCount = new Int32Array(days);
  const quantileReturns = new Float64Array(days * quantiles);

  const { scoreRank, returnRank, pairStamp } = scratch;
  pairStamp.fill(0);
  let held = scratch.weightsA;
  let target = scratch.weightsB;
  held.fill(0);
  let turnoverSum = 0;
  let rebalances = 0;
  const bounds = new Int32Array(quantiles + 1);
  const sOrder = scoreRanking.order;
  const rOrder = returnRanking.order;

  for (let j = 0; j < days; j++) {
    const d = start + j;
    const s = d - 1;
    const sRow = s * nSymbols;
    const dRow = d * nSymbols;
    const n = scoreRanking.count[s] as number;
    scoredCount[j] = n;

    if (n >= minNames) fillQuantileBounds(bounds, n);

    let cost = 0;
    if (j % holdingDays === 0) {
      target.fill(0);
      if (n >= minNames) {
        if (construction === TIME_SERIES) {
          for (let p = 0; p < n; p++) {
            const i = sOrder[sRow + p] as number;
            const score = scores[sRow + i] as number;
            target[i] = score > 0 ? 1 / n : score < 0 ? -1 / n : 0;
          }
        } else {
          const topStart = bounds[quantiles - 1] as number;
          const topWeight = 1 / (n - topStart);
          for (let p = topStart; p < n; p++) target[sOrder[sRow + p] as number] = topWeight;
          if (construction === LONG_SHORT) {
            const bottomEnd = bounds[1] as number;
            const bottomWeight = 1 / bottomEnd;
            for (let p = 0; p < bottomEnd; p++) {
              const i = sOrder[sRow + p] as number;
              target[i] = (target[i] as number) - bottomWeight;
            }
          }
        }
      }
      let turnover = 0;
      for (let i = 0; i < nSymbols; i++) turnover += Math.abs((target[i] as number) - (held[i] as number));
      const formed = target;
      target = held;
      held = formed;
      turnoverSum += turnover;
      rebalances++;
      cost = (turnover * costBps) / 1e4;
    }

    let gross = 0;
    for (let i = 0; i < nSymbols; i++) {
      const w = held[i] as number;
      if (w === 0) continue;
      const r = returns[dRow + i] as number;
      if (r - r === 0) gross += w * r;
    }
    dailyReturns[j] = gross - cost;

    // IC pairs: S(d-1) members with a finite r[d], stamped j + 1.
    const stamp = j + 1;
    let pairs = 0;
    for (let p = 0; p < n; p++) {
      const i = sOrder[sRow + p] as number;
      const r = returns[dRow + i] as number;
      if (r - r === 0) {
        pairStamp[i] = stamp;
        pairs++;
      }
    }
    ic[j] =
      pairs < minNames
        ? NaN
        : spearmanFromOrders({
            scores,
            returns,
            sOrder,
            sRow,
            sCount: n,
            rOrder,
            dRow,
            rCount: returnRanking.count[d] as number,
            pairStamp,
            stamp,
            pairs,
            scoreRank,
            returnRank,
          });

    const qRow = j * quantiles;
    for (let qi = 0; qi < quantiles; qi++) {
      if (n < minNames) {
        quantileReturns[qRow + qi] = NaN;
        continue;
      }
      const from = bounds[qi] as number;
      const to = bounds[qi + 1] as number;
      let sum = 0;
      let finite = 0;
      for (let p = from; p < to; p++) {
        const r = returns[dRow + (sOrder[sRow + p] as number)] as number;
        if (r - r === 0) {
          sum += r;
          finite++;
        }
      }
      quantileReturns[qRow + qi] = finite === 0 ? NaN : sum / finite;
    }
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
