import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { high52w } from './high52w.js';

const N = NaN;

describe('high_52w', () => {
  it('is C[t] over the highest high of the window, NaN while a high or C[t] is missing', () => {
    const inputs = makeFactorInputs(
      makePanel({
        close: { AAA: [10, 11, 12, 9, 8, 11, 12, 6, 9], BBB: [5, 5, 5, N, 5, 5, 5, 5, 5] },
        high: { AAA: [11, 12, 13, 10, 10, N, 12, 12, 9], BBB: [10, 10, 10, 10, 10, 10, 10, 10, 10] },
      }),
    );
    const scores = scoresBySymbol(high52w, inputs, { lookback: 3 });
    // AAA: t=2 12/13, t=3 9/13, t=4 8/13, t=5..7 windows hold the missing high, t=8 9/max(12,12,9).
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, 12 / 13, 9 / 13, 8 / 13, N, N, N, 0.75]));
    // BBB: highs complete, the close at t=3 is missing.
    expect(scores['BBB']).toEqual([N, N, 0.5, N, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('defaults to lookback 252', () => {
    expect(high52w.defaults).toEqual({ lookback: 252 });
    expect(high52w.validate({ lookback: -3 })).toBe('lookback (-3) must be an integer >= 1');
  });
});
