import { mean } from './mean.js';
import { sampleStd } from './sampleStd.js';
import { TRADING_DAYS_PER_YEAR } from './TRADING_DAYS_PER_YEAR.js';

/**
 * Per-day Sharpe ratio mean(R)/std(R) (std ddof 1) of daily returns, unannualized: the
 * unit of the deflated Sharpe ratio and of its candidate variance V (PROTOCOL section 8).
 * NaN when fewer than 2 days or when std is 0.
 */
export function dailySharpe(returns: Float64Array): number {
  if (returns.length < 2) return Number.NaN;
  const std = sampleStd(returns);
  if (!(std > 0)) return Number.NaN;
  return mean(returns) / std;
}

/**
 * Annualized Sharpe ratio mean(R)/std(R) * sqrt(252) of daily returns (PROTOCOL section 5,
 * `sharpe`). NaN when fewer than 2 days or when std is 0.
 */
export function annualizedSharpe(returns: Float64Array): number {
  return dailySharpe(returns) * Math.sqrt(TRADING_DAYS_PER_YEAR);
}
