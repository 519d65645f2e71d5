import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { amihud } from './amihud.js';

const N = NaN;

describe('amihud', () => {
  it('is the mean of |r| / DV over the window, NaN while r or DV is missing or DV is 0', () => {
    // AAA r: -, 0.1, -0.1, 0, -, -, 0.1, 0.1; DV: 1000, 1100, 1980, 0 (zero volume), -, 1000, 1100, 1210.
    const inputs = makeFactorInputs(
      makePanel({
        close: { AAA: [10, 11, 9.9, 9.9, N, 10, 11, 12.1] },
        volume: { AAA: [100, 100, 200, 0, 100, 100, 100, 100] },
      }),
    );
    const scores = scoresBySymbol(amihud, inputs, { lookback: 2 });
    // t=3: r is 0 but DV is 0, so the window is NaN, not 0/0 skipped. t=6: r[5] is missing.
    expect(roundSeries(scores['AAA']!, 10)).toEqual(
      roundSeries([N, N, (0.1 / 1100 + 0.1 / 1980) / 2, N, N, N, N, (0.1 / 1100 + 0.1 / 1210) / 2], 10),
    );
  });

  it('is NaN when a window holds a zero dollar volume even with zero returns, 0 once it leaves', () => {
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [10, 10, 10, 10, 10] }, volume: { AAA: [100, 0, 100, 100, 100] } }));
    expect(scoresBySymbol(amihud, inputs, { lookback: 2 })['AAA']).toEqual([N, N, N, 0, 0]);
  });

  it('defaults to lookback 20', () => {
    expect(amihud.defaults).toEqual({ lookback: 20 });
    expect(amihud.validate({ lookback: 1.5 })).toBe('lookback (1.5) must be an integer >= 1');
  });
});
