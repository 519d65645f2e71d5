import fc from 'fast-check';
import { SMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { maxRelativeError } from '../testing/maxRelativeError.js';
import { roundSeries } from '../testing/roundSeries.js';
import { maCross } from './maCross.js';

const N = NaN;

describe('ma_cross', () => {
  it('is SMA_fast/SMA_slow - 1, NaN while a close of the slow window is missing', () => {
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [1, 2, 3, 4, N, 6, 7, 8, 9], BBB: [4, 4, 4, 4, 4, 4, 4, 4, 2] } }));
    const scores = scoresBySymbol(maCross, inputs, { fast: 2, slow: 3 });
    // AAA: t=2 2.5/2, t=3 3.5/3, t=4..6 windows hold the gap, t=7 7.5/7, t=8 8.5/8.
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, 0.25, 1 / 6, N, N, N, 1 / 14, 1 / 16]));
    // BBB: flat, then 3/(10/3) - 1 at t=8.
    expect(roundSeries(scores['BBB']!)).toEqual(roundSeries([N, N, 0, 0, 0, 0, 0, 0, -0.1]));
  });

  it('defaults to fast 20 and slow 100', () => {
    expect(maCross.defaults).toEqual({ fast: 20, slow: 100 });
    expect(maCross.validate(maCross.defaults)).toBeNull();
  });

  it('rejects fast >= slow, quoting both values', () => {
    expect(maCross.validate({ fast: 50, slow: 50 })).toBe('fast (50) must be less than slow (50)');
    expect(maCross.validate({ fast: 30, slow: 20 })).toBe('fast (30) must be less than slow (20)');
    expect(maCross.validate({ fast: 0, slow: 20 })).toBe('fast (0) must be an integer >= 1');
  });

  it('agrees with trading-signals SMA ratios on gap-free closes (relative 1e-12)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        (closes, fast, extra) => {
          const slow = fast + extra;
          const smaFast = new SMA(fast);
          const smaSlow = new SMA(slow);
          const expected = closes.map((c) => {
            const f = smaFast.update(c, false);
            const s = smaSlow.update(c, false);
            return f === null || s === null ? N : f / s - 1;
          });
          const got = scoresBySymbol(maCross, makeFactorInputs(makePanel({ close: { X: closes } })), { fast, slow })['X']!;
          // Relative to the SMA ratio (the score itself may be ~0).
          expect(maxRelativeError(got.map((x) => x + 1), expected.map((x) => x + 1))).toBeLessThanOrEqual(1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });
});
