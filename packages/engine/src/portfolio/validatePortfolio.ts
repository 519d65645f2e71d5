import { InvalidPortfolioConfigError } from '../errors.js';
import type { PortfolioConfig } from './PortfolioConfig.js';

/** Rejects portfolio settings the simulation cannot honour (PROTOCOL section 4). */
export function validatePortfolio(portfolio: PortfolioConfig): void {
  const { construction, quantiles, holdingDays, costBps, minNames } = portfolio;
  if (construction !== 'quantile_long_short' && construction !== 'long_only' && construction !== 'time_series') {
    throw new InvalidPortfolioConfigError({
      key: 'construction',
      value: construction,
      expected: 'quantile_long_short, long_only or time_series',
    });
  }
  if (!Number.isInteger(quantiles) || quantiles < 1) {
    throw new InvalidPortfolioConfigError({ key: 'quantiles', value: quantiles, expected: 'an integer >= 1' });
  }
  if (!Number.isInteger(holdingDays) || holdingDays < 1) {
    throw new InvalidPortfolioConfigError({ key: 'holding_days', value: holdingDays, expected: 'an integer >= 1' });
  }
  if (!(costBps >= 0 && costBps < Infinity)) {
    throw new InvalidPortfolioConfigError({ key: 'cost_bps', value: costBps, expected: 'a finite number >= 0' });
  }
  if (!Number.isInteger(minNames) || minNames < quantiles) {
    throw new InvalidPortfolioConfigError({
      key: 'min_names',
      value: minNames,
      expected: `an integer >= quantiles (${quantiles})`,
    });
  }
}
