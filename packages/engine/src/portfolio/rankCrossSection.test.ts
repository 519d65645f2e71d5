import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Universe } from '../universe/Universe.js';
import { rankCrossSection } from './rankCrossSection.js';
import type { ScoreRanking } from './ScoreRanking.js';
import { ShapeMismatchError } from '../errors.js';

/** Order of date t as a plain array. */
function orderAt(ranking: ScoreRanking, t: number): number[] {
  const row = t * ranking.nSymbols;
  return Array.from(ranking.order.subarray(row, row + (ranking.count[t] as number)));
}

function universeOf(status: number[], nDates: number, nSymbols: number): Universe {
  return {
    config: { minHistory: 1, minPrice: 0, minDollarVolume: 0, topN: null },
    nDates,
    nSymbols,
    status: Uint8Array.from(status),
    eligibleCount: new Int32Array(nDates),
    excludedCounts: new Int32Array(nDates * 5),
  };
}

/** The reference: finite (and eligible) symbols sorted by a comparator, ties by symbol. */
function naiveRanking(values: Float64Array, nDates: number, nSymbols: number, status: Uint8Array | null): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < nDates; t++) {
    const ids: number[] = [];
    for (let i = 0; i < nSymbols; i++) {
      const v = values[t * nSymbols + i] as number;
      if (Number.isFinite(v) && (status === null || status[t * nSymbols + i] === 0)) ids.push(i);
    }
    ids.sort((a, b) => {
      const va = values[t * nSymbols + a] as number;
      const vb = values[t * nSymbols + b] as number;
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
    out.push(ids);
  }
  return out;
}

describe('rankCrossSection', () => {
  it('sorts finite values ascending with ties by symbol index, -0 equal to 0', () => {
    const values = Float64Array.from([3, 1, 3, NaN, 1, -0, 0, Infinity, -Infinity]);
    const ranking = rankCrossSection({ values, nDates: 1, nSymbols: 9 });
    expect(orderAt(ranking, 0)).toEqual([5, 6, 1, 4, 0, 2]);
    expect(ranking.count[0]).toBe(6);
  });

  it('keeps only eligible symbol-days when given a universe', () => {
    const universe = universeOf([0, 2, 0, 0, 0, 1, 0, 0, 0], 3, 3);
    const ranking = rankCrossSection({
      values: Float64Array.from([5, 4, 3, 2, 1, 0, NaN, 7, 7]),
      nDates: 3,
      nSymbols: 3,
      universe,
    });
    expect(orderAt(ranking, 0)).toEqual([2, 0]);
    expect(orderAt(ranking, 1)).toEqual([1, 0]);
    expect(orderAt(ranking, 2)).toEqual([1, 2]);
  });

  it('reuses a given output and overwrites every date', () => {
    const first = rankCrossSection({ values: Float64Array.from([2, 1, 1, 2]), nDates: 2, nSymbols: 2 });
    const again = rankCrossSection({ values: Float64Array.from([1, 2, NaN, 0]), nDates: 2, nSymbols: 2, out: first });
    expect(again).toBe(first);
    expect(orderAt(again, 0)).toEqual([0, 1]);
    expect(orderAt(again, 1)).toEqual([1]);
  });

  it('rejects arrays that do not match the panel shape', () => {
    expect(() => rankCrossSection({ values: new Float64Array(5), nDates: 2, nSymbols: 3 })).toThrow(ShapeMismatchError);
  });

  it('equals a naive comparator sort on random panels with NaNs, ties and exclusions', () => {
    const cell = fc.oneof(
      fc.constantFrom(NaN, 0, -0, 1, -1, 2.5),
      fc.integer({ min: -3, max: 3 }),
      fc.double({ noNaN: false }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 80 }),
        fc.infiniteStream(cell),
        fc.infiniteStream(fc.integer({ min: 0, max: 5 })),
        fc.boolean(),
        (nDates, nSymbols, cells, statuses, withUniverse) => {
          const values = Float64Array.from(cells.take(nDates * nSymbols));
          const status = withUniverse ? Uint8Array.from(statuses.take(nDates * nSymbols), (s) => (s < 3 ? 0 : s)) : null;
          const universe = status === null ? null : universeOf(Array.from(status), nDates, nSymbols);
          const ranking = rankCrossSection({ values, nDates, nSymbols, universe });
          const expected = naiveRanking(values, nDates, nSymbols, status);
          for (let t = 0; t < nDates; t++) expect(orderAt(ranking, t)).toEqual(expected[t]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals a naive sort on wide panels of heavy-tailed, clustered and exponentially spaced values', () => {
    const distribution = fc.constantFrom('lognormal', 'clustered', 'exponential');
    fc.assert(
      fc.property(distribution, fc.integer({ min: 33, max: 600 }), fc.integer(), (kind, nSymbols, seed) => {
        let state = seed | 0;
        const next = (): number => {
          state = (Math.imul(state, 1103515245) + 12345) | 0;
          return (state >>> 0) / 4294967296;
        };
        const values = new Float64Array(2 * nSymbols);
        for (let k = 0; k < values.length; k++) {
          const u = next();
          values[k] =
            kind === 'lognormal'
              ? Math.exp(30 * (u - 0.5)) * (u < 0.1 ? -1 : 1)
              : kind === 'clustered'
                ? Math.floor(u * 4) + (u < 0.5 ? 1e-12 * Math.floor(next() * 3) : 0)
                : 2 ** Math.floor(u * 200 - 100);
          if (next() < 0.05) values[k] = NaN;
        }
        const ranking = rankCrossSection({ values, nDates: 2, nSymbols });
        const expected = naiveRanking(values, 2, nSymbols, null);
        expect(orderAt(ranking, 0)).toEqual(expected[0]);
        expect(orderAt(ranking, 1)).toEqual(expected[1]);
      }),
      { numRuns: 200 },
    );
  });
});
