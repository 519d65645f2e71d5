import type { DailyTable } from './DailyTable.js';
import type { PortfolioConfig } from './PortfolioConfig.js';
import type { ScoreRanking } from './ScoreRanking.js';
import { checkLength } from './ShapeMismatchError.js';
import { fillQuantileBounds } from './fillQuantileBounds.js';
import { spearmanFromOrders } from './spearmanFromOrders.js';
import { SimulationScratch } from './SimulationScratch.js';
import { validatePortfolio } from './validatePortfolio.js';

export type ComputeDailyTableOptions = {
  readonly returns: Float64Array;
  readonly returnRanking: ScoreRanking;
  readonly scores: Float64Array;
  readonly scoreRanking: ScoreRanking;
  readonly nSymbols: number;
  /** Construction, quantiles, holding days and min names shape the table; cost_bps does not. */
  readonly portfolio: PortfolioConfig;
  readonly scratch?: SimulationScratch;
};

const LONG_SHORT = 0;
const LONG_ONLY = 1;
const TIME_SERIES = 2;

/**
 * Builds the DailyTable of one scored signal over the whole calendar (PROTOCOL section 4).
 * Every number is computed by the same loops, in the same order, as `simulateSegment`, so
 * `sliceDailyTable` gives bit-identical series; the cost is about one full-calendar
 * simulation per holding day.
 */
export function computeDailyTable(options: ComputeDailyTableOptions): DailyTable {
  const { returns, returnRanking, scores, scoreRanking, nSymbols, portfolio } = options;
  validatePortfolio(portfolio);
  const nDates = scoreRanking.nDates;
  const cells = nDates * nSymbols;
  checkLength('scores', scores.length, cells);
  checkLength('returns', returns.length, cells);
  checkLength('scoreRanking.order', scoreRanking.order.length, cells);
  checkLength('returnRanking.order', returnRanking.order.length, cells);
  checkLength('returnRanking.count', returnRanking.count.length, nDates);
  const scratch = options.scratch ?? new SimulationScratch(nSymbols);
  checkLength('scratch (symbols)', scratch.nSymbols, nSymbols);

  const { quantiles, holdingDays: h, minNames } = portfolio;
  const construction =
    portfolio.construction === 'quantile_long_short' ? LONG_SHORT : portfolio.construction === 'long_only' ? LONG_ONLY : TIME_SERIES;
  const lagReturns = new Float64Array(h * nDates).fill(Number.NaN);
  const grossExposure = new Float64Array(nDates);
  const turnoverFromPrevious = new Float64Array(nDates).fill(Number.NaN);
  const ic = new Float64Array(nDates).fill(Number.NaN);
  const quantileReturns = new Float64Array(nDates * quantiles).fill(Number.NaN);
  const scoredCount = Int32Array.from(scoreRanking.count);

  // The targets of the last h + 1 signal dates: slot s % (h + 1).
  const ring: Float64Array[] = [];
  for (let k = 0; k <= h; k++) ring.push(new Float64Array(nSymbols));
  const { scoreRank, returnRank, pairStamp } = scratch;
  pairStamp.fill(0);
  const bounds = new Int32Array(quantiles + 1);
  const sOrder = scoreRanking.order;
  const rOrder = returnRanking.order;

  for (let s = 0; s < nDates - 1; s++) {
    const sRow = s * nSymbols;
    const n = scoreRanking.count[s] as number;
    if (n >= minNames) fillQuantileBounds(bounds, n);

    // The target formed at s (identical to simulateSegment's).
    const target = ring[s % (h + 1)] as Float64Array;
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

    let gross = 0;
    for (let i = 0; i < nSymbols; i++) gross += Math.abs((target[i] as number) - 0);
    grossExposure[s] = gross;
    if (s >= h) {
      const previous = ring[(s - h) % (h + 1)] as Float64Array;
      let turnover = 0;
      for (let i = 0; i < nSymbols; i++) turnover += Math.abs((target[i] as number) - (previous[i] as number));
      turnoverFromPrevious[s] = turnover;
    }

    for (let l = 1; l <= h && s + l < nDates; l++) {
      const dRow = (s + l) * nSymbols;
      let sum = 0;
      for (let i = 0; i < nSymbols; i++) {
        const w = target[i] as number;
        if (w === 0) continue;
        const r = returns[dRow + i] as number;
        if (r - r === 0) sum += w * r;
      }
      lagReturns[(l - 1) * nDates + s] = sum;
    }

    // IC and quantile returns of day d = s + 1 from S(s).
    const d = s + 1;
    const dRow = d * nSymbols;
    const stamp = d;
    let pairs = 0;
    for (let p = 0; p < n; p++) {
      const i = sOrder[sRow + p] as number;
      const r = returns[dRow + i] as number;
      if (r - r === 0) {
        pairStamp[i] = stamp;
        pairs++;
      }
    }
    ic[d] =
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
    if (n >= minNames) {
      const qRow = d * quantiles;
      for (let qi = 0; qi < quantiles; qi++) {
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
  }
  return { nDates, holdingDays: h, quantiles, lagReturns, grossExposure, turnoverFromPrevious, ic, quantileReturns, scoredCount };
}
