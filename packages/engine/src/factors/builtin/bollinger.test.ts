import { describe, expect, it } from 'vitest';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { bollinger } from './bollinger.js';

const N = NaN;

describe('bollinger', () => {
  it('is -(C - SMA)/std over the period, NaN while a close of the window is missing', () => {
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [1, 2, 3, 5, 5, 5, N, 4, 5, 6] } }));
    const scores = scoresBySymbol(bollinger, inputs, { period: 3 });
    // t=2 {1,2,3}: mean 2, std 1. t=3 {2,3,5}: mean 10/3, var 7/3. t=4 {3,5,5}: mean 13/3, var 4/3.
    // t=5 {5,5,5}: std 0 -> NaN. t=6..8 hold the gap. t=9 {4,5,6}: mean 5, std 1.
    expect(roundSeries(scores['AAA']!)).toEqual(
      roundSeries([N, N, -1, -(5 / 3) / Math.sqrt(7 / 3), -(2 / 3) / Math.sqrt(4 / 3), N, N, N, N, -1]),
    );
  });

  it('is NaN on a constant window even where floating-point std would be about 1e-17', () => {
    // mean(0.1, 0.1, 0.1) rounds to 0.10000000000000002, so a two-pass std is 1.7e-17, not 0.
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [0.2, 0.1, 0.1, 0.1, 0.1] } }));
    const scores = scoresBySymbol(bollinger, inputs, { period: 3 })['AAA']!;
    expect(Number.isFinite(scores[2])).toBe(true);
    expect(scores.slice(3)).toEqual([N, N]);
  });

  it('defaults to period 20 and needs at least 2', () => {
    expect(bollinger.defaults).toEqual({ period: 20 });
    expect(bollinger.validate(bollinger.defaults)).toBeNull();
    expect(bollinger.validate({ period: 1 })).toBe('period (1) must be an integer >= 2');
  });
});
