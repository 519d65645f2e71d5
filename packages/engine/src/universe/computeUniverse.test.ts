import { describe, expect, it } from 'vitest';
import { makeTestPanel, repeatRow } from '../portfolio/testing/makeTestPanel.js';
import { computeUniverse } from './computeUniverse.js';
import { InvalidUniverseConfigError } from '../errors.js';
import type { Universe, UniverseConfig } from './Universe.js';

const loose: UniverseConfig = { minHistory: 1, minPrice: 0, minDollarVolume: 0, topN: null };

/** Status codes of symbol i over all dates. */
function column(universe: Universe, i: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < universe.nDates; t++) out.push(universe.status[t * universe.nSymbols + i] as number);
  return out;
}

/** Status codes of every symbol at date t. */
function row(universe: Universe, t: number): number[] {
  return Array.from(universe.status.subarray(t * universe.nSymbols, (t + 1) * universe.nSymbols));
}

describe('computeUniverse', () => {
  it('attributes a symbol-day to the first rule it fails, in protocol order', () => {
    // One symbol, 21 dates: close 4 (below min price) with a tiny volume (illiquid) throughout,
    // except a missing close at t=10 and a close of 10 from t=19 on.
    const close = Array.from({ length: 21 }, (_, t) => [t === 10 ? NaN : t >= 19 ? 10 : 4]);
    const volume = Array.from({ length: 21 }, () => [1]);
    const panel = makeTestPanel({ symbols: ['A'], close, volume });
    const u = computeUniverse(panel, { minHistory: 3, minPrice: 5, minDollarVolume: 1e6, topN: null });
    expect(column(u, 0)).toEqual([
      2, 2, 3, 3, 3, 3, 3, 3, 3, 3, // history until 3 closes, then price
      1, 2, 2, 3, 3, 3, 3, 3, 3, // missing close, history restarts, price again
      4, 4, // price passes at 10, the window t-19..t still holds the missing DV of t=10 / is illiquid
    ]);
  });

  it('treats a zero or non-finite close as no_price', () => {
    const panel = makeTestPanel({ symbols: ['A', 'B', 'C'], close: [[0, NaN, Infinity]] });
    const u = computeUniverse(panel, loose);
    expect(row(u, 0)).toEqual([1, 1, 1]);
  });

  it('counts history as consecutive finite positive closes ending at t and resets it after a gap', () => {
    const close = [[10], [10], [10], [NaN], [10], [10], [10], [0], [10]];
    const panel = makeTestPanel({ symbols: ['A'], close });
    const u = computeUniverse(panel, { ...loose, minHistory: 3 });
    // Days that pass history fail liquidity (t < 19), the next rule.
    expect(column(u, 0)).toEqual([2, 2, 4, 1, 2, 2, 4, 1, 2]);
  });

  it('fails liquidity before t = 19, on a window with any missing DV, and on a mean below the minimum', () => {
    const nDates = 23;
    const close = repeatRow([1, 1, 1, 1, 1], nDates);
    const volume = Array.from({ length: nDates }, (_, t) => [
      1e6, // mean exactly 1e6: passes (the rule is "< min")
      t === 1 ? NaN : 1e6, // missing volume at t=1: windows ending 19 and 20 fail
      t === 5 ? 0 : 1e6, // zero volume is a DV of 0, not missing: mean 0.95e6 fails for t in 19..24
      t === 5 ? 0 : 2e6, // mean 1.9e6 passes
      t % 2 === 0 ? 0.5e6 : 1.5e6, // alternating: mean exactly 1e6 passes
    ]);
    const panel = makeTestPanel({ symbols: ['A', 'B', 'C', 'D', 'E'], close, volume });
    const u = computeUniverse(panel, { ...loose, minDollarVolume: 1e6 });
    for (let t = 0; t < 19; t++) expect(row(u, t)).toEqual([4, 4, 4, 4, 4]);
    expect(row(u, 19)).toEqual([0, 4, 4, 0, 0]);
    expect(row(u, 20)).toEqual([0, 4, 4, 0, 0]);
    expect(row(u, 21)).toEqual([0, 0, 4, 0, 0]);
    expect(row(u, 22)).toEqual([0, 0, 4, 0, 0]);
  });

  it('fails liquidity when the close is missing inside the window even if volume is present', () => {
    const close = Array.from({ length: 21 }, (_, t) => [t === 3 ? NaN : 10]);
    const panel = makeTestPanel({ symbols: ['A'], close });
    const u = computeUniverse(panel, { ...loose, minDollarVolume: 1 });
    expect(column(u, 0).slice(19)).toEqual([4, 4]);
  });

  it('keeps the top_n survivors by market cap at t, ties by symbol, caps of excluded symbols ignored', () => {
    const nDates = 20;
    // F has the largest cap but no price at t=19; E has no cap at t=19.
    const close = Array.from({ length: nDates }, (_, t) => [10, 10, 10, 10, 10, t === 19 ? NaN : 10]);
    const marketCap = repeatRow([5, 9, 9, 1, NaN, 100], nDates);
    const panel = makeTestPanel({ symbols: ['A', 'B', 'C', 'D', 'E', 'F'], close, marketCap });
    const top2 = computeUniverse(panel, { ...loose, topN: 2 });
    expect(row(top2, 19)).toEqual([5, 0, 0, 5, 5, 1]);
    const top1 = computeUniverse(panel, { ...loose, topN: 1 });
    expect(row(top1, 19)).toEqual([5, 0, 5, 5, 5, 1]);
    const top3 = computeUniverse(panel, { ...loose, topN: 3 });
    expect(row(top3, 19)).toEqual([0, 0, 0, 5, 5, 1]);
    // A missing cap fails rank even when there are seats left.
    const top10 = computeUniverse(panel, { ...loose, topN: 10 });
    expect(row(top10, 19)).toEqual([0, 0, 0, 0, 5, 1]);
  });

  it('ranks by the 20-day mean dollar volume when the panel has no market caps', () => {
    const nDates = 20;
    const close = repeatRow([1, 1, 1, 1], nDates);
    const volume = Array.from({ length: nDates }, (_, t) => [3e6, 5e6, t === 0 ? 4e6 : 5e6, 8e6]);
    const panel = makeTestPanel({ symbols: ['A', 'B', 'C', 'D'], close, volume });
    // Means at t=19: A 3e6, B 5e6, C 4.95e6, D 8e6.
    expect(row(computeUniverse(panel, { ...loose, topN: 2 }), 19)).toEqual([5, 0, 5, 0]);
    expect(row(computeUniverse(panel, { ...loose, topN: 3 }), 19)).toEqual([5, 0, 0, 0]);
    expect(row(computeUniverse(panel, { ...loose, topN: 4 }), 19)).toEqual([0, 0, 0, 0]);
  });

  it('breaks dollar-volume ties by symbol', () => {
    const panel = makeTestPanel({ symbols: ['A', 'B', 'C'], close: repeatRow([1, 1, 1], 20), volume: repeatRow([2e6, 2e6, 2e6], 20) });
    expect(row(computeUniverse(panel, { ...loose, topN: 2 }), 19)).toEqual([0, 0, 5]);
  });

  it('counts eligible symbols and exclusions per rule at each date', () => {
    const close = Array.from({ length: 20 }, (_, t) => [10, NaN, 3, t < 15 ? NaN : 10, 10]);
    const volume = repeatRow([1e6, 1e6, 1e6, 1e6, 1], 20);
    const panel = makeTestPanel({ symbols: ['A', 'B', 'C', 'D', 'E'], close, volume });
    const u = computeUniverse(panel, { minHistory: 2, minPrice: 5, minDollarVolume: 1e6, topN: null });
    expect(row(u, 19)).toEqual([0, 1, 3, 4, 4]);
    expect(u.eligibleCount[19]).toBe(1);
    expect(Array.from(u.excludedCounts.subarray(19 * 5, 20 * 5))).toEqual([1, 0, 1, 2, 0]);
    // t = 15: D's first close (history), the others as before except A and E illiquid (t < 19).
    expect(row(u, 15)).toEqual([4, 1, 3, 2, 4]);
    expect(u.eligibleCount[15]).toBe(0);
    expect(Array.from(u.excludedCounts.subarray(15 * 5, 16 * 5))).toEqual([1, 1, 1, 2, 0]);
    expect(u.nDates).toBe(20);
    expect(u.nSymbols).toBe(5);
  });

  it('rejects a top_n that is not a positive integer, naming the key and value', () => {
    const panel = makeTestPanel({ symbols: ['A'], close: [[1]] });
    expect(() => computeUniverse(panel, { ...loose, topN: 0 })).toThrow(InvalidUniverseConfigError);
    expect(() => computeUniverse(panel, { ...loose, topN: 2.5 })).toThrow(/universe\.top_n is 2\.5/);
    expect(() => computeUniverse(panel, { ...loose, minHistory: -1 })).toThrow(/min_history/);
  });
});
