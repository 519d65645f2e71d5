import fc from 'fast-check';
import { EMA, MACD } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { macd } from './macd.js';

const N = NaN;

describe('macd', () => {
  it('is (M - EMA_signal(M)) / C with protocol EMAs: seeded, carried through gaps, NaN until n values', () => {
    // fast 2 (alpha 2/3), slow 3 (alpha 1/2), signal 2 (alpha 2/3); closes 10, 12, -, 9, 12, 15, -, 15.
    // EMA2: 10, 34/3, 34/3, 88/9, 304/27, 1114/81, (carried), 3544/243; EMA3 defined from t=3: 10, 11, 13, (13), 14.
    // M: t3 -2/9, t4 7/27, t5 61/81, t6 NaN (no close), t7 142/243.
    // signal: seeded -2/9 at t3, 8/81 at t4 (first output), 130/243 at t5, carried, 414/729 at t7.
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [10, 12, N, 9, 12, 15, N, 15] } }));
    const scores = scoresBySymbol(macd, inputs, { fast: 2, slow: 3, signal: 2 });
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, N, N, 13 / 972, 53 / 3645, N, 4 / 3645]));
  });

  it('is NaN on a day without a close even when every EMA is defined', () => {
    const closes = [10, 11, 12, 13, 14, 15, N, 17];
    const scores = scoresBySymbol(macd, makeFactorInputs(makePanel({ close: { AAA: closes } })), { fast: 1, slow: 2, signal: 1 });
    expect(Number.isNaN(scores['AAA']![6])).toBe(true);
    expect(Number.isFinite(scores['AAA']![7])).toBe(true);
  });

  it('defaults to fast 12, slow 26, signal 9', () => {
    expect(macd.defaults).toEqual({ fast: 12, slow: 26, signal: 9 });
    expect(macd.validate(macd.defaults)).toBeNull();
  });

  it('rejects fast >= slow and bad integers, quoting the values', () => {
    expect(macd.validate({ fast: 26, slow: 12, signal: 9 })).toBe('fast (26) must be less than slow (12)');
    expect(macd.validate({ fast: 12, slow: 26, signal: 0 })).toBe('signal (0) must be an integer >= 1');
  });

  it('agrees with the trading-signals MACD histogram over the close where the protocol defines it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        (closes, fast, extra, signal) => {
          const slow = fast + extra;
          const reference = new MACD(new EMA(fast), new EMA(slow), new EMA(signal));
          // Defined once `slow` closes made M finite and `signal` values of M were seen.
          const expected = closes.map((c, t) => {
            const result = reference.update(c, false);
            return result === null || t < slow + signal - 2 ? N : result.histogram / c;
          });
          const got = scoresBySymbol(macd, makeFactorInputs(makePanel({ close: { X: closes } })), { fast, slow, signal })['X']!;
          expect(got.map(Number.isNaN)).toEqual(expected.map(Number.isNaN));
          // Absolute check scaled by price: the histogram is a small difference of EMAs.
          const worst = Math.max(0, ...got.map((x, t) => (Number.isNaN(x) ? 0 : Math.abs(x - expected[t]!))));
          expect(worst).toBeLessThanOrEqual(1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });
});
