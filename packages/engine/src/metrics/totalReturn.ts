import { TRADING_DAYS_PER_YEAR } from './TRADING_DAYS_PER_YEAR.js';

/** Compounded return prod(1 + R) - 1 of daily returns (PROTOCOL section 5, `total_return`); 0 for no days. */
export function totalReturn(returns: Float64Array): number {
  let equity = 1;
  for (let i = 0; i < returns.length; i++) equity *= 1 + returns[i]!;
  return equity - 1;
}

/**
 * Annualized return (1 + totalReturn)^(252/days) - 1 (PROTOCOL section 5, `ann_return`).
 * NaN when `days` is not positive, or when the equity 1 + totalReturn is negative.
 */
export function annualizedReturn(totalReturnValue: number, days: number): number {
  if (!(days > 0)) return Number.NaN;
  return Math.pow(1 + totalReturnValue, TRADING_DAYS_PER_YEAR / days) - 1;
}
