import { SegmentOutOfRangeError, InvalidPortfolioConfigError } from '../errors.js';
import type { DailyTable } from './DailyTable.js';
import type { SegmentSeries } from './SegmentSeries.js';
import { netDailyReturn } from './netDailyReturn.js';

export type SliceDailyTableOptions = {
  readonly table: DailyTable;
  /** First realized day a (>= 1). */
  readonly start: number;
  /** Last realized day b (<= nDates - 1). */
  readonly end: number;
  /** One-way cost per unit of turnover in basis points. */
  readonly costBps: number;
};

/**
 * The series of segment [start, end] (PROTOCOL section 4) from a DailyTable: rebalances at
 * start-1, start-1+h, ...; the first from a flat book; cost on the day after each. Bit-identical
 * to `simulateSegment` for the same inputs, in O(days).
 */
export function sliceDailyTable(options: SliceDailyTableOptions): SegmentSeries {
  const { table, start, end, costBps } = options;
  const { nDates, holdingDays: h, quantiles } = table;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end >= nDates) {
    throw new SegmentOutOfRangeError({ start, end, nDates });
  }
  if (!(costBps >= 0 && costBps < Infinity)) {
    throw new InvalidPortfolioConfigError({ key: 'cost_bps', value: costBps, expected: 'a finite number >= 0' });
  }
  const days = end - start + 1;
  const returns = new Float64Array(days);
  const scoredCount = new Int32Array(days);
  let turnoverSum = 0;
  let rebalances = 0;
  for (let j = 0; j < days; j++) {
    const k = Math.floor(j / h);
    const s = start - 1 + k * h;
    const lag = j - k * h + 1;
    let turnover = 0;
    if (lag === 1) {
      turnover = k === 0 ? (table.grossExposure[s] as number) : (table.turnoverFromPrevious[s] as number);
      turnoverSum += turnover;
      rebalances++;
    }
    returns[j] = netDailyReturn(table.lagReturns[(lag - 1) * nDates + s] as number, turnover, costBps);
    scoredCount[j] = table.scoredCount[start - 1 + j] as number;
  }
  return {
    start,
    end,
    days,
    returns,
    ic: table.ic.slice(start, end + 1),
    scoredCount,
    turnoverSum,
    rebalances,
    quantiles,
    quantileReturns: table.quantileReturns.slice(start * quantiles, (end + 1) * quantiles),
  };
}
