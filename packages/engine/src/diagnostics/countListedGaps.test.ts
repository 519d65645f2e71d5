import { describe, expect, test } from 'vitest';
import type { Panel } from '../data/Panel.js';
import { countListedGaps, oosGapFrac } from './countListedGaps.js';
import { listedLives } from './listedLives.js';

/** Closes date-major for 3 symbols over 6 dates; other fields unused. */
function panelOf(closes: number[][]): Panel {
  const nDates = closes.length;
  const nSymbols = closes[0]!.length;
  const close = Float64Array.from(closes.flat());
  const empty = new Float64Array(nDates * nSymbols);
  return { symbols: ['A', 'B', 'C'].slice(0, nSymbols), dates: new Int32Array(nDates), nDates, nSymbols, open: empty, high: empty, low: empty, close, volume: empty, marketCap: null };
}

const N = Number.NaN;
// A: listed 0..5 with gaps at 2 (NaN) and 3 (0 is not a valid close); B: listed 2..3; C: never valid.
const panel = panelOf([
  [10, N, N],
  [11, N, -1],
  [N, 5, N],
  [0, 6, N],
  [12, N, N],
  [13, N, N],
]);

describe('listedLives', () => {
  test('spans each symbol from its first to its last valid close, none for a never-valid symbol', () => {
    const lives = listedLives(panel);
    expect([...lives.first]).toEqual([0, 2, -1]);
    expect([...lives.last]).toEqual([5, 3, -2]);
  });
});

describe('countListedGaps', () => {
  const lives = listedLives(panel);
  test('counts listed symbol-days and gaps over the signal dates start-1..end-1', () => {
    // Realized days 2..4: signal dates 1..3. A: 3 listed, gaps at 2 and 3; B: listed at 2, 3 (valid).
    expect(countListedGaps({ panel, lives, start: 2, end: 4 })).toEqual({ listedDays: 5, gapDays: 2 });
    // Signal dates 4..5: only A, valid.
    expect(countListedGaps({ panel, lives, start: 5, end: 6 })).toEqual({ listedDays: 2, gapDays: 0 });
  });
  test('oos_gap_frac sums windows (a date in two windows counts twice) and is 0 when nothing is listed', () => {
    const w = countListedGaps({ panel, lives, start: 2, end: 4 });
    expect(oosGapFrac([w, w])).toBe(4 / 10);
    expect(oosGapFrac([{ listedDays: 0, gapDays: 0 }])).toBe(0);
    expect(oosGapFrac([])).toBe(0);
  });
});
