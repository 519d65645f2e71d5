import type { DailyTable } from './DailyTable.js';
import type { PortfolioConfig } from './PortfolioConfig.js';
import type { ScoreRanking } from './ScoreRanking.js';
import { checkSimulationInputs } from './checkSimulationInputs.js';
import { fillQuantileBounds } from './fillQuantileBounds.js';
import { formTarget, heldReturn, turnoverBetween } from './formTarget.js';
import { measureDay } from './measureDay.js';
import type { SimulationScratch } from './SimulationScratch.js';

export type ComputeDailyTableOptions = {
  readonly returns: Float64Array;
  readonly returnRanking: ScoreRanking;
  readonly scores: Float64Array;
  readonly scoreRanking: ScoreRanking;
  readonly nSymbols: number;
  /** Construction, quantiles, holding days and min names shape the table; cost_bps does not. */
  readonly portfolio: PortfolioConfig;
  readonly scratch?: SimulationScratch;
  /**
   * First signal date of the table (default 0); earlier rows are left NaN (lag returns, IC,
   * quantiles, turnover) or 0 (exposure). Rows s >= fromSignalDate equal a full table's,
   * except turnoverFromPrevious for s < fromSignalDate + h (it reads the target of s - h),
   * which no segment starting at or after fromSignalDate + 1 reads: such segments slice
   * bit-identical series from either table.
   */
  readonly fromSignalDate?: number;
};

/**
 * Builds the DailyTable of one scored signal over the whole calendar (PROTOCOL section 4).
 * Every number is computed by the same loops, in the same order, as `simulateSegment`, so
 * `sliceDailyTable` gives bit-identical series; the cost is about one full-calendar
 * simulation per holding day.
 */
export function computeDailyTable(options: ComputeDailyTableOptions): DailyTable {
  const { returns, returnRanking, scores, scoreRanking, nSymbols, portfolio } = options;
  const { nDates, scratch } = checkSimulationInputs(options);

  const { quantiles, holdingDays: h, minNames, construction } = portfolio;
  const lagReturns = new Float64Array(h * nDates).fill(Number.NaN);
  const grossExposure = new Float64Array(nDates);
  const turnoverFromPrevious = new Float64Array(nDates).fill(Number.NaN);
  const ic = new Float64Array(nDates).fill(Number.NaN);
  const quantileReturns = new Float64Array(nDates * quantiles).fill(Number.NaN);
  const scoredCount = Int32Array.from(scoreRanking.count);

  // The targets of the last h + 1 signal dates: slot s % (h + 1); a flat book for first rebalances.
  const ring: Float64Array[] = [];
  for (let k = 0; k <= h; k++) ring.push(new Float64Array(nSymbols));
  const flat = new Float64Array(nSymbols);
  scratch.pairStamp.fill(0);
  const bounds = new Int32Array(quantiles + 1);
  const sOrder = scoreRanking.order;

  for (let s = Math.max(0, options.fromSignalDate ?? 0); s < nDates - 1; s++) {
    const sRow = s * nSymbols;
    const n = scoreRanking.count[s] as number;
    if (n >= minNames) fillQuantileBounds(bounds, n);
    const target = ring[s % (h + 1)] as Float64Array;
    formTarget({ target, construction, scores, sOrder, sRow, n, quantiles, minNames, bounds });
    grossExposure[s] = turnoverBetween(target, flat);
    if (s >= h) turnoverFromPrevious[s] = turnoverBetween(target, ring[(s - h) % (h + 1)] as Float64Array);
    for (let l = 1; l <= h && s + l < nDates; l++) {
      lagReturns[(l - 1) * nDates + s] = heldReturn(target, returns, (s + l) * nSymbols);
    }
    const d = s + 1;
    ic[d] = measureDay({
      returns,
      returnRanking,
      scores,
      sOrder,
      sRow,
      n,
      dRow: d * nSymbols,
      d,
      quantiles,
      minNames,
      bounds,
      scratch,
      stamp: d,
      quantileOut: quantileReturns,
      quantileOffset: d * quantiles,
    });
  }
  return { nDates, holdingDays: h, quantiles, lagReturns, grossExposure, turnoverFromPrevious, ic, quantileReturns, scoredCount };
}
