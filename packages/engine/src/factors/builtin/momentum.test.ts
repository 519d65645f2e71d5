import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '../../errors.js';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { roundSeries } from '../testing/roundSeries.js';
import { momentum } from './momentum.js';

const N = NaN;
const inputs = makeFactorInputs(
  makePanel({
    close: {
      AAA: [10, 11, 12, N, 14, 15, 16, 18],
      BBB: [20, 19, 18, 17, 16, 15, 14, 13],
    },
  }),
);

describe('momentum', () => {
  it('is C[t-skip]/C[t-lookback] - 1, NaN when either close is missing', () => {
    const scores = scoresBySymbol(momentum, inputs, { lookback: 3, skip: 1 });
    // AAA: t=3 12/10, t=4 uses C[3] (missing), t=5 14/12, t=6 uses C[3] again, t=7 16/14.
    expect(roundSeries(scores['AAA']!)).toEqual(roundSeries([N, N, N, 0.2, N, 1 / 6, N, 1 / 7]));
    expect(roundSeries(scores['BBB']!)).toEqual(roundSeries([N, N, N, -0.1, -2 / 19, -1 / 9, -2 / 17, -1 / 8]));
  });

  it('with skip 0 uses the close of t itself', () => {
    const scores = scoresBySymbol(momentum, inputs, { lookback: 2, skip: 0 });
    expect(roundSeries(scores['BBB']!)).toEqual(roundSeries([N, N, -0.1, -2 / 19, -1 / 9, -2 / 17, -1 / 8, -2 / 15]));
  });

  it('is NaN (not infinite) after a zero close', () => {
    const zero = makeFactorInputs(makePanel({ close: { AAA: [0, 5, 6] } }));
    expect(scoresBySymbol(momentum, zero, { lookback: 1, skip: 0 })['AAA']).toEqual([N, N, 0.19999999999999996]);
  });

  it('defaults to lookback 252 and skip 21', () => {
    expect(momentum.defaults).toEqual({ lookback: 252, skip: 21 });
    expect(momentum.validate(momentum.defaults)).toBeNull();
  });

  it('rejects skip >= lookback, quoting both values', () => {
    expect(momentum.validate({ lookback: 21, skip: 21 })).toBe('skip (21) must be less than lookback (21)');
    expect(momentum.validate({ lookback: 10, skip: 30 })).toBe('skip (30) must be less than lookback (10)');
  });

  it('rejects non-integer, too small or non-numeric parameters', () => {
    expect(momentum.validate({ lookback: 0, skip: 0 })).toBe('lookback (0) must be an integer >= 1');
    expect(momentum.validate({ lookback: 12.5, skip: 0 })).toBe('lookback (12.5) must be an integer >= 1');
    expect(momentum.validate({ lookback: 12, skip: -1 })).toBe('skip (-1) must be an integer >= 0');
    expect(momentum.validate({ lookback: '12', skip: 0 })).toBe('lookback ("12") must be an integer >= 1');
    expect(momentum.validate({ lookback: 12 })).toBe('skip is missing (an integer >= 0)');
  });

  it('refuses to compute with invalid parameters', () => {
    const out = new Float64Array(inputs.panel.nDates * inputs.panel.nSymbols);
    expect(() => momentum.compute(inputs, { lookback: 3, skip: 3 }, out)).toThrow(InvalidParamsError);
  });

  it('is all NaN when the lookback exceeds the calendar', () => {
    expect(scoresBySymbol(momentum, inputs, { lookback: 20, skip: 1 })['AAA']!.every(Number.isNaN)).toBe(true);
  });
});
