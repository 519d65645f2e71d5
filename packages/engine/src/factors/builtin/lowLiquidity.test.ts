import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { lowLiquidity } from './lowLiquidity.js';

const N = NaN;

describe('low_liquidity', () => {
  it('is -ln of the mean dollar volume C*V over the window, NaN while a DV is missing', () => {
    // AAA DV: 1000, 3000, 1000, -, 2000, 0, 500 (missing close at t=3, missing volume for BBB at t=2).
    const inputs = makeFactorInputs(
      makePanel({
        close: { AAA: [10, 10, 20, N, 10, 10, 5], BBB: [1, 1, 1, 1, 1, 1, 1] },
        volume: { AAA: [100, 300, 50, 100, 200, 0, 100], BBB: [0, 0, N, 0, 0, 4, 4] },
      }),
    );
    const scores = scoresBySymbol(lowLiquidity, inputs, { lookback: 2 });
    expect(roundSeries(scores['AAA']!)).toEqual(
      roundSeries([N, -Math.log(2000), -Math.log(2000), N, N, -Math.log(1000), -Math.log(250)]),
    );
    // A zero mean DV has no finite log: NaN.
    expect(roundSeries(scores['BBB']!)).toEqual(roundSeries([N, N, N, N, N, -Math.log(2), -Math.log(4)]));
  });

  it('defaults to lookback 20', () => {
    expect(lowLiquidity.defaults).toEqual({ lookback: 20 });
    expect(lowLiquidity.validate({ lookback: 0 })).toBe('lookback (0) must be an integer >= 1');
  });
});
