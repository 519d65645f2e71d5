import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { reversal } from './reversal.js';

const N = NaN;
const inputs = makeFactorInputs(
  makePanel({
    close: {
      AAA: [10, 11, 12, N, 14, 15, 16, 18],
      BBB: [20, 19, 18, 17, 16, 15, 14, 13],
    },
  }),
);

describe('reversal', () => {
  it('is -(C[t]/C[t-lookback] - 1), NaN when either close is missing', () => {
    const scores = scoresBySymbol(reversal, inputs, { lookback: 2 });
    // AAA: t=2 -(12/10-1); t=3 C[3] missing; t=4 -(14/12-1); t=5 C[3] missing; t=6 -(16/14-1); t=7 -(18/15-1).
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, -0.2, N, -1 / 6, N, -1 / 7, -0.2]));
    expect(roundSeries(scores['BBB']!)).toEqual(roundSeries([N, N, 0.1, 2 / 19, 1 / 9, 2 / 17, 1 / 8, 2 / 15]));
  });

  it('defaults to lookback 5', () => {
    expect(reversal.defaults).toEqual({ lookback: 5 });
    expect(roundSeries(scoresBySymbol(reversal, inputs, reversal.defaults)['BBB']!)).toEqual(
      roundSeries([N, N, N, N, N, 0.25, 5 / 19, 5 / 18]),
    );
  });

  it('rejects a lookback below 1 or not an integer', () => {
    expect(reversal.validate({ lookback: 0 })).toBe('lookback (0) must be an integer >= 1');
    expect(reversal.validate({ lookback: 2.5 })).toBe('lookback (2.5) must be an integer >= 1');
    expect(reversal.validate({ lookback: true })).toBe('lookback (true) must be an integer >= 1');
  });
});
