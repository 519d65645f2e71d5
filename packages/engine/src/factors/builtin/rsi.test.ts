import fc from 'fast-check';
import { RSI, SMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { rsi } from './rsi.js';

const N = NaN;

describe('rsi', () => {
  it('is 50 - RSI with simple means of gains and losses over period changes', () => {
    // AAA changes: +1, -1, +2, 0, -, -, +1, +1, +1, 0, 0, 0 (t=1..12; the close at t=5 is missing).
    // t=3 {1,-1,2}: G 1, Ls 1/3, RSI 75. t=4 {-1,2,0}: G 2/3, Ls 1/3, RSI 200/3. t=5..8 need C[5].
    // t=9..11 have no loss and some gain: RSI 100. t=12 {0,0,0}: RSI 50.
    const inputs = makeFactorInputs(
      makePanel({
        close: {
          AAA: [10, 11, 10, 12, 12, N, 10, 11, 12, 13, 13, 13, 13],
          BBB: [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8],
        },
      }),
    );
    const scores = scoresBySymbol(rsi, inputs, { period: 3 });
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, N, -25, -50 / 3, N, N, N, N, -50, -50, -50, 0]));
    // Only losses: G = 0 < Ls, RSI 0.
    expect(scores['BBB']).toEqual([N, N, N, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50]);
  });

  it('gives RSI 100 when losses are zero and 50 when there is no change at all', () => {
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [5, 5, 5, 6, 6, 6] } }));
    expect(scoresBySymbol(rsi, inputs, { period: 2 })['AAA']).toEqual([N, N, 0, -50, -50, 0]);
  });

  it('defaults to period 14', () => {
    expect(rsi.defaults).toEqual({ period: 14 });
    expect(rsi.validate(rsi.defaults)).toBeNull();
    expect(rsi.validate({ period: 0 })).toBe('period (0) must be an integer >= 1');
  });

  it('agrees with trading-signals RSI smoothed by a simple moving average (the protocol definition)', () => {
    // trading-signals' default RSI uses Wilder smoothing (WSMA); with SMA smoothing its averages are the
    // protocol's simple means. It reports 100 where both averages are 0; the protocol says 50.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 }),
        // trading-signals keeps only `period` past prices, so its RSI(1) never has a change: start at 2.
        fc.integer({ min: 2, max: 10 }),
        (closes, period) => {
          const reference = new RSI(period, SMA);
          const expected = closes.map((c, t) => {
            const value = reference.update(c, false);
            if (value === null) return N;
            const flat = closes.slice(t - period, t + 1).every((x) => x === c);
            return flat ? 0 : 50 - value;
          });
          const got = scoresBySymbol(rsi, makeFactorInputs(makePanel({ close: { X: closes } })), { period })['X']!;
          expect(roundSeries(got)).toEqual(roundSeries(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});
