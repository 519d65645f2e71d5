import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeReturns } from './computeReturns.js';
import type { Panel } from './Panel.js';

function panelOfCloses(nSymbols: number, close: number[]): Panel {
  const nDates = close.length / nSymbols;
  const empty = new Float64Array(close.length).fill(Number.NaN);
  return {
    symbols: Array.from({ length: nSymbols }, (_, i) => `S${i}`),
    dates: Int32Array.from({ length: nDates }, (_, t) => 20200101 + t),
    nDates,
    nSymbols,
    open: empty,
    high: empty,
    low: empty,
    close: Float64Array.from(close),
    volume: empty,
    marketCap: null,
  };
}

describe('computeReturns', () => {
  it('gives C[t]/C[t-1] - 1 per symbol, date-major, with a NaN first row', () => {
    const panel = panelOfCloses(2, [10, 20, 11, 18, 12.1, 27]);
    const r = computeReturns(panel);
    expect(r).toHaveLength(6);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeNaN();
    expect(r[2]).toBe(11 / 10 - 1);
    expect(r[3]).toBe(18 / 20 - 1);
    expect(r[4]).toBe(12.1 / 11 - 1);
    expect(r[5]).toBe(27 / 18 - 1);
  });

  it('is NaN when either close is missing, zero, negative or infinite', () => {
    const panel = panelOfCloses(1, [10, Number.NaN, 10, 0, 10, Infinity, 10, -5, 10, 11]);
    expect(Array.from(computeReturns(panel))).toEqual([
      Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, 0.10000000000000009,
    ]);
  });

  it('handles an empty panel', () => {
    expect(computeReturns(panelOfCloses(3, []))).toHaveLength(0);
  });

  it('matches the protocol formula cell by cell on random panels', () => {
    const closes = fc.array(fc.oneof(fc.double({ min: 0.01, max: 1e4, noNaN: true }), fc.constant(Number.NaN), fc.constant(0)), {
      minLength: 3,
      maxLength: 3 * 12,
    });
    fc.assert(
      fc.property(closes, (values) => {
        const usable = values.slice(0, values.length - (values.length % 3));
        const panel = panelOfCloses(3, usable);
        const r = computeReturns(panel);
        for (let cell = 0; cell < usable.length; cell++) {
          const now = usable[cell]!;
          const before = cell >= 3 ? usable[cell - 3]! : Number.NaN;
          const ok = Number.isFinite(now) && now > 0 && Number.isFinite(before) && before > 0;
          expect(Object.is(r[cell], ok ? now / before - 1 : Number.NaN)).toBe(true);
        }
      }),
    );
  });
});
