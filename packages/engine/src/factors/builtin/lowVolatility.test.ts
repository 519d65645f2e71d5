import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { lowVolatility } from './lowVolatility.js';

const N = NaN;
// AAA returns: -, 1, -0.5, 0, 1, NaN, NaN, 1, 1, 1 (the close at t=5 is missing).
const inputs = makeFactorInputs(
  makePanel({
    close: {
      AAA: [8, 16, 8, 8, 16, N, 4, 8, 16, 32],
      BBB: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
    },
  }),
);

describe('low_volatility', () => {
  it('is minus the sample std of the last lookback returns, NaN while a return is missing', () => {
    const scores = scoresBySymbol(lowVolatility, inputs, { lookback: 3 });
    // t=3: {1, -0.5, 0}, mean 1/6, squared deviations 25/36 + 16/36 + 1/36 = 7/6, var 7/12; t=4: {-0.5, 0, 1}, same.
    // t=5..8 contain r[5] or r[6]; t=9: {1, 1, 1} has std exactly 0.
    const s = -Math.sqrt(7 / 12);
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, N, s, s, N, N, N, N, 0]));
    expect(roundSeries(scores['BBB']!)).toEqual([N, N, N, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('defaults to lookback 20', () => {
    expect(lowVolatility.defaults).toEqual({ lookback: 20 });
    expect(lowVolatility.validate(lowVolatility.defaults)).toBeNull();
  });

  it('rejects a lookback below 2 (a sample std needs two returns)', () => {
    expect(lowVolatility.validate({ lookback: 1 })).toBe('lookback (1) must be an integer >= 2');
    expect(lowVolatility.validate({ lookback: 2 })).toBeNull();
  });
});
