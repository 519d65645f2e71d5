import type { SegmentSeries } from '../portfolio/SegmentSeries.js';
import { annualizedSharpe } from './dailySharpe.js';
import { icStatistics } from './icStatistics.js';
import { maxDrawdown } from './maxDrawdown.js';
import { mean } from './mean.js';
import { sampleStd } from './sampleStd.js';
import type { SegmentMetrics } from './SegmentMetrics.js';
import { annualizedReturn, totalReturn } from './totalReturn.js';
import { TRADING_DAYS_PER_YEAR } from './TRADING_DAYS_PER_YEAR.js';

/**
 * The metrics of one segment's daily series, PROTOCOL section 5 (n = realized days =
 * `series.returns.length`). Undefined figures are NaN: every ratio over n when n = 0,
 * ann_vol and sharpe when n < 2 (sharpe also when std is 0), the IC figures as in
 * {@link icStatistics}, and a quantile mean with no finite day.
 */
export function computeSegmentMetrics(series: SegmentSeries): SegmentMetrics {
  const returns = series.returns;
  const n = returns.length;
  const total = totalReturn(returns);

  let positiveDays = 0;
  for (let j = 0; j < n; j++) {
    if (returns[j]! > 0) positiveDays++;
  }

  let scoredSum = 0;
  for (let j = 0; j < series.scoredCount.length; j++) scoredSum += series.scoredCount[j]!;

  const ic = icStatistics(series.ic);
  return {
    days: n,
    totalReturn: total,
    annReturn: annualizedReturn(total, n),
    annVol: sampleStd(returns) * Math.sqrt(TRADING_DAYS_PER_YEAR),
    sharpe: annualizedSharpe(returns),
    maxDrawdown: maxDrawdown(returns),
    turnover: n > 0 ? series.turnoverSum / n : Number.NaN,
    hitRate: n > 0 ? positiveDays / n : Number.NaN,
    meanIc: ic.meanIc,
    icStd: ic.icStd,
    icTstat: ic.icTstat,
    universeMean: series.scoredCount.length > 0 ? scoredSum / series.scoredCount.length : Number.NaN,
    quantileMeans: quantileMeans(series.quantileReturns, series.quantiles),
  };
}

/** q1..qQ: per quantile, the mean of its finite daily returns (index j * Q + (q - 1)); NaN with none. */
function quantileMeans(quantileReturns: Float64Array, quantiles: number): number[] {
  const days = quantiles > 0 ? Math.floor(quantileReturns.length / quantiles) : 0;
  const column = new Float64Array(days);
  const means: number[] = [];
  for (let q = 0; q < quantiles; q++) {
    let count = 0;
    for (let j = 0; j < days; j++) {
      const x = quantileReturns[j * quantiles + q]!;
      if (Number.isFinite(x)) column[count++] = x;
    }
    means.push(mean(column.subarray(0, count)));
  }
  return means;
}
