import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Universe } from '../universe/Universe.js';
import { InvalidPortfolioConfigError } from '../errors.js';
import type { PortfolioConfig } from './PortfolioConfig.js';
import { rankCrossSection } from './rankCrossSection.js';
import { createSimulationScratch, simulateSegment } from './simulateSegment.js';
import type { SegmentSeries } from './SegmentSeries.js';
import { flatten } from './testing/makeTestPanel.js';
import type { Rows } from './testing/makeTestPanel.js';

const base: PortfolioConfig = {
  construction: 'quantile_long_short',
  quantiles: 2,
  holdingDays: 1,
  costBps: 10,
  minNames: 2,
};

type Case = {
  readonly scores: Rows;
  readonly returns: Rows;
  /** Universe status rows; all eligible when absent. */
  readonly status?: Rows;
  readonly portfolio?: Partial<PortfolioConfig>;
  readonly start: number;
  readonly end: number;
};

function universeFrom(status: Rows | undefined, nDates: number, nSymbols: number): Universe {
  return {
    config: { minHistory: 1, minPrice: 0, minDollarVolume: 0, topN: null },
    nDates,
    nSymbols,
    status: status === undefined ? new Uint8Array(nDates * nSymbols) : Uint8Array.from(flatten(status, nSymbols)),
    eligibleCount: new Int32Array(nDates),
    excludedCounts: new Int32Array(nDates * 5),
  };
}

function simulate(c: Case): SegmentSeries {
  const nDates = c.scores.length;
  const nSymbols = c.scores[0]?.length ?? 0;
  const scores = flatten(c.scores, nSymbols);
  const returns = flatten(c.returns, nSymbols);
  const universe = universeFrom(c.status, nDates, nSymbols);
  return simulateSegment({
    returns,
    returnRanking: rankCrossSection({ values: returns, nDates, nSymbols }),
    scores,
    scoreRanking: rankCrossSection({ values: scores, nDates, nSymbols, universe }),
    nSymbols,
    portfolio: { ...base, ...c.portfolio },
    start: c.start,
    end: c.end,
  });
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const e = expected[k] as number;
    if (Number.isNaN(e)) expect(actual[k]).toBeNaN();
    else expect(actual[k]).toBeCloseTo(e, 14);
  }
}

/** Spearman with average ranks by sorting, the textbook way. */
function naiveSpearman(x: readonly number[], y: readonly number[]): number {
  const ranks = (v: readonly number[]): number[] => {
    const idx = v.map((_, k) => k).sort((a, b) => (v[a] as number) - (v[b] as number));
    const r = new Array<number>(v.length).fill(0);
    for (let p = 0; p < idx.length; ) {
      let q = p;
      while (q + 1 < idx.length && v[idx[q + 1] as number] === v[idx[p] as number]) q++;
      for (let u = p; u <= q; u++) r[idx[u] as number] = (p + q) / 2 + 1;
      p = q + 1;
    }
    return r;
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const mx = rx.reduce((a, b) => a + b, 0) / rx.length;
  const my = ry.reduce((a, b) => a + b, 0) / ry.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < rx.length; k++) {
    sxy += ((rx[k] as number) - mx) * ((ry[k] as number) - my);
    sxx += ((rx[k] as number) - mx) ** 2;
    syy += ((ry[k] as number) - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

// Four symbols A..D. Sorted at t=0: D C | B A; at t=1 and t=2: A C | B D.
const scores: Rows = [
  [4, 3, 2, 1],
  [1, 3, 2, 4],
  [1, 3, 2, 4],
  [0, 0, 0, 0],
];
const returns: Rows = [
  [NaN, NaN, NaN, NaN],
  [0.01, 0.02, -0.01, 0.03],
  [0.02, NaN, 0.01, -0.02],
  [0, 0.04, 0, 0],
];

describe('simulateSegment portfolio returns', () => {
  it('long-short with daily rebalancing: first turnover is the gross, costs hit the day after', () => {
    const s = simulate({ scores, returns, start: 1, end: 3 });
    // Day 1: +A +B -C -D (0.5 each): 0.005 + 0.01 + 0.005 - 0.015 = 0.005, turnover 2.
    // Day 2: +B +D -A -C: -0.01 + 0 (NaN) - 0.005 - 0.01 = -0.025, turnover 2 (A and D flip).
    // Day 3: same target, no turnover: 0.5 * 0.04.
    expectClose(s.returns, [0.005 - 0.002, -0.025 - 0.002, 0.02]);
    expect(s.turnoverSum).toBeCloseTo(4, 15);
    expect(s.rebalances).toBe(3);
    expect(s.days).toBe(3);
    expect([s.start, s.end, s.quantiles]).toEqual([1, 3, 2]);
    expect(Array.from(s.scoredCount)).toEqual([4, 4, 4]);
  });

  it('holds the target between rebalances with holding_days 2', () => {
    const s = simulate({ scores, returns, start: 1, end: 3, portfolio: { holdingDays: 2 } });
    // Rebalances at t=0 and t=2. Day 2 keeps t=0's book: 0.01 + 0 + 0.005 + 0.01.
    expectClose(s.returns, [0.005 - 0.002, 0.015, 0.02 - 0.002]);
    expect(s.turnoverSum).toBeCloseTo(4, 15);
    expect(s.rebalances).toBe(2);
  });

  it('counts rebalances a-1, a-1+h, ... up to end-1 only', () => {
    const s = simulate({ scores, returns, start: 1, end: 3, portfolio: { holdingDays: 3 } });
    expect(s.rebalances).toBe(1);
    // Days 2 and 3 keep the t=0 book: +A +B -C -D.
    expectClose(s.returns, [0.003, 0.015, 0.5 * 0.04]);
  });

  it('starts each segment flat, whatever came before it', () => {
    const s = simulate({ scores, returns, start: 2, end: 3 });
    // First rebalance at t=1: turnover 2 from flat, though t=0 had a book in another segment.
    expectClose(s.returns, [-0.025 - 0.002, 0.02]);
    expect(s.turnoverSum).toBeCloseTo(2, 15);
  });

  it('long-only buys the top quantile', () => {
    const s = simulate({ scores, returns, start: 1, end: 2, portfolio: { construction: 'long_only' } });
    // Day 1: +A +B, turnover 1. Day 2: +B +D, turnover 1 (A out, D in): 0 - 0.01.
    expectClose(s.returns, [0.015 - 0.001, -0.01 - 0.001]);
    expect(s.turnoverSum).toBeCloseTo(2, 15);
  });

  it('time-series weighs sign(score)/n over the scored set', () => {
    const s = simulate({
      scores: [[1, -2, 0, 3], [0, 0, 0, 0]],
      returns: [[0, 0, 0, 0], [0.01, 0.02, -0.01, 0.03]],
      start: 1,
      end: 1,
      portfolio: { construction: 'time_series' },
    });
    // Weights 0.25, -0.25, 0, 0.25; turnover 0.75.
    expectClose(s.returns, [0.0025 - 0.005 + 0.0075 - 0.00075]);
    expect(s.turnoverSum).toBeCloseTo(0.75, 15);
  });

  it('splits quantiles by floor(p*Q/n)+1 with uneven sizes', () => {
    // n = 5, Q = 2: positions 0,1,2 -> q1 (floor(p*2/5) = 0 for p <= 2), 3,4 -> q2.
    const s = simulate({
      scores: [[5, 4, 3, 2, 1], [0, 0, 0, 0, 0]],
      returns: [[0, 0, 0, 0, 0], [0.06, 0.04, 0.03, 0.03, 0.03]],
      start: 1,
      end: 1,
    });
    // Long A, B at 1/2; short C, D, E at 1/3; turnover 2.
    expectClose(s.returns, [0.05 - 0.03 - 0.002]);
    expectClose(s.quantileReturns, [0.03, 0.05]);
  });

  it('goes flat when fewer than min_names are scored, paying to exit', () => {
    const s = simulate({
      scores,
      returns,
      status: [
        [0, 0, 0, 0],
        [0, 2, 2, 2],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
      start: 1,
      end: 3,
    });
    expectClose(s.returns, [0.003, -0.002, 0.02 - 0.002]);
    expect(s.turnoverSum).toBeCloseTo(6, 15);
    expect(Array.from(s.scoredCount)).toEqual([4, 1, 4]);
    expect(s.ic[1]).toBeNaN();
    expectClose(s.quantileReturns.subarray(2, 4), [NaN, NaN]);
  });

  it('charges no cost with cost_bps 0', () => {
    const s = simulate({ scores, returns, start: 1, end: 3, portfolio: { costBps: 0 } });
    expectClose(s.returns, [0.005, -0.025, 0.02]);
  });

  it('reuses a scratch across calls with identical results', () => {
    const nSymbols = 4;
    const sc = flatten(scores, nSymbols);
    const r = flatten(returns, nSymbols);
    const scratch = createSimulationScratch(nSymbols);
    const options = {
      returns: r,
      returnRanking: rankCrossSection({ values: r, nDates: 4, nSymbols }),
      scores: sc,
      scoreRanking: rankCrossSection({ values: sc, nDates: 4, nSymbols }),
      nSymbols,
      portfolio: base,
      start: 1,
      end: 3,
      scratch,
    };
    const first = simulateSegment(options);
    const second = simulateSegment(options);
    expect(Array.from(second.returns)).toEqual(Array.from(first.returns));
    expectClose(first.returns, [0.003, -0.027, 0.02]);
  });

  it('rejects bad portfolio settings and segments outside the calendar', () => {
    expect(() => simulate({ scores, returns, start: 1, end: 3, portfolio: { minNames: 1 } })).toThrow(
      InvalidPortfolioConfigError,
    );
    expect(() => simulate({ scores, returns, start: 1, end: 3, portfolio: { holdingDays: 0 } })).toThrow(
      /portfolio\.holding_days is 0/,
    );
    expect(() => simulate({ scores, returns, start: 0, end: 3 })).toThrow(/segment \[0, 3\]/);
    expect(() => simulate({ scores, returns, start: 1, end: 4 })).toThrow(/segment \[1, 4\]/);
  });
});

describe('simulateSegment IC and quantile returns', () => {
  it('computes a Spearman IC without ties', () => {
    // Score ranks 1..4 (A..D ascending), return ranks 1, 2, 4, 3: 1 - 6*2/60.
    const s = simulate({
      scores: [[1, 2, 3, 4], [0, 0, 0, 0]],
      returns: [[0, 0, 0, 0], [0.1, 0.2, 0.4, 0.3]],
      start: 1,
      end: 1,
    });
    expect(s.ic[0]).toBeCloseTo(0.8, 15);
  });

  it('uses average ranks for ties on both sides', () => {
    // Score ranks 1.5, 1.5, 3, 4; return ranks 1, 2, 3.5, 3.5: centered dot 4 over sqrt(4.5 * 4.5).
    const s = simulate({
      scores: [[1, 1, 2, 3], [0, 0, 0, 0]],
      returns: [[0, 0, 0, 0], [1, 2, 3, 3]],
      start: 1,
      end: 1,
    });
    expect(s.ic[0]).toBeCloseTo(4 / 4.5, 15);
  });

  it('restricts the IC to scored symbols with a finite return, NaN below min_names pairs', () => {
    const s = simulate({
      scores: [[1, 2, 3, NaN, 5], [1, 2, 3, 4, 5], [0, 0, 0, 0, 0]],
      returns: [[0, 0, 0, 0, 0], [0.3, NaN, 0.1, 9, 0.2], [NaN, NaN, 1, NaN, 2]],
      start: 1,
      end: 2,
      portfolio: { minNames: 3 },
    });
    // Day 1 pairs: A, C, E (B has no return, D no score): scores 1,3,5 vs 0.3,0.1,0.2.
    expect(s.ic[0]).toBeCloseTo(naiveSpearman([1, 3, 5], [0.3, 0.1, 0.2]), 15);
    expect(s.ic[0]).toBeCloseTo(-0.5, 15);
    // Day 2: only two pairs.
    expect(s.ic[1]).toBeNaN();
  });

  it('is NaN when either side has no variance', () => {
    const constantScores = simulate({
      scores: [[2, 2, 2], [0, 0, 0]],
      returns: [[0, 0, 0], [0.1, 0.2, 0.3]],
      start: 1,
      end: 1,
    });
    expect(constantScores.ic[0]).toBeNaN();
    const constantReturns = simulate({
      scores: [[1, 2, 3], [0, 0, 0]],
      returns: [[0, 0, 0], [0.1, 0.1, 0.1]],
      start: 1,
      end: 1,
    });
    expect(constantReturns.ic[0]).toBeNaN();
  });

  it('averages the finite returns of each quantile of d-1, NaN for a quantile without one', () => {
    const s = simulate({ scores, returns, start: 1, end: 2 });
    // Day 1 (t=0 order D C | B A): q1 = (0.03 - 0.01)/2, q2 = (0.02 + 0.01)/2.
    // Day 2 (t=1 order A C | B D): q1 = (0.02 + 0.01)/2, q2 = -0.02 (B's NaN skipped).
    expectClose(s.quantileReturns, [0.01, 0.015, 0.015, -0.02]);
    const allNaN = simulate({
      scores: [[1, 2, 3, 4], [0, 0, 0, 0]],
      returns: [[0, 0, 0, 0], [NaN, NaN, 0.1, 0.2]],
      start: 1,
      end: 1,
    });
    expectClose(allNaN.quantileReturns, [NaN, 0.15]);
  });

  it('matches a naive Spearman on random cross-sections with ties and missing values', () => {
    const value = fc.oneof(fc.constantFrom(NaN, 0, 1, 2), fc.integer({ min: -5, max: 5 }), fc.double({ min: -1, max: 1, noNaN: true }));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }).chain((n) =>
          fc.tuple(fc.array(value, { minLength: n, maxLength: n }), fc.array(value, { minLength: n, maxLength: n })),
        ),
        ([x, y]) => {
        const n = x.length;
        const s = simulate({
          scores: [x, new Array<number>(n).fill(0)],
          returns: [new Array<number>(n).fill(0), y],
          start: 1,
          end: 1,
          portfolio: { minNames: 2 },
        });
        const px: number[] = [];
        const py: number[] = [];
        for (let k = 0; k < n; k++) {
          if (Number.isFinite(x[k]) && Number.isFinite(y[k])) {
            px.push(x[k] as number);
            py.push(y[k] as number);
          }
        }
        const expected = px.length < 2 ? NaN : naiveSpearman(px, py);
        if (Number.isNaN(expected)) expect(s.ic[0]).toBeNaN();
        else expect(Math.abs((s.ic[0] as number) - expected)).toBeLessThan(1e-12);
      },
      ),
      { numRuns: 400 },
    );
  });
});

describe('simulateSegment properties', () => {
  /** A random panel of scores, returns and eligibility. */
  const panelArb = fc
    .record({
      nDates: fc.integer({ min: 2, max: 8 }),
      nSymbols: fc.integer({ min: 1, max: 30 }),
      quantiles: fc.integer({ min: 1, max: 5 }),
      extraNames: fc.integer({ min: 0, max: 6 }),
      holdingDays: fc.integer({ min: 1, max: 3 }),
      construction: fc.constantFrom('quantile_long_short' as const, 'long_only' as const, 'time_series' as const),
    })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        scores: fc.array(fc.oneof(fc.constant(NaN), fc.integer({ min: -3, max: 3 }), fc.double({ min: -1, max: 1, noNaN: true })), {
          minLength: shape.nDates * shape.nSymbols,
          maxLength: shape.nDates * shape.nSymbols,
        }),
        returns: fc.array(fc.oneof(fc.constant(NaN), fc.double({ min: -0.5, max: 0.5, noNaN: true })), {
          minLength: shape.nDates * shape.nSymbols,
          maxLength: shape.nDates * shape.nSymbols,
        }),
        status: fc.array(fc.constantFrom(0, 0, 0, 1, 4), {
          minLength: shape.nDates * shape.nSymbols,
          maxLength: shape.nDates * shape.nSymbols,
        }),
      }),
    );

  type RandomPanel = {
    shape: {
      nDates: number;
      nSymbols: number;
      quantiles: number;
      extraNames: number;
      holdingDays: number;
      construction: PortfolioConfig['construction'];
    };
    scores: number[];
    returns: number[];
    status: number[];
  };

  function run(p: RandomPanel, overrides: Partial<PortfolioConfig>): SegmentSeries {
    const { nDates, nSymbols } = p.shape;
    const scoresArr = Float64Array.from(p.scores);
    const returnsArr = Float64Array.from(p.returns);
    const universe: Universe = {
      ...universeFrom(undefined, nDates, nSymbols),
      status: Uint8Array.from(p.status),
    };
    return simulateSegment({
      returns: returnsArr,
      returnRanking: rankCrossSection({ values: returnsArr, nDates, nSymbols }),
      scores: scoresArr,
      scoreRanking: rankCrossSection({ values: scoresArr, nDates, nSymbols, universe }),
      nSymbols,
      portfolio: {
        construction: p.shape.construction,
        quantiles: p.shape.quantiles,
        holdingDays: p.shape.holdingDays,
        costBps: 10,
        minNames: p.shape.quantiles + p.shape.extraNames,
        ...overrides,
      },
      start: 1,
      end: nDates - 1,
    });
  }

  it('never raises a daily return by charging costs', () => {
    fc.assert(
      fc.property(panelArb, fc.double({ min: 0.001, max: 500, noNaN: true }), (p, costBps) => {
        const free = run(p, { costBps: 0 });
        const costly = run(p, { costBps });
        for (let j = 0; j < free.days; j++) expect(costly.returns[j]).toBeLessThanOrEqual(free.returns[j] as number);
      }),
      { numRuns: 200 },
    );
  });

  it('forms long-short books that are dollar-neutral with gross 2', () => {
    fc.assert(
      fc.property(panelArb, (p) => {
        fc.pre(p.shape.quantiles >= 2);
        // One realized day with every return 1%: R = 0.01 * sum(w); turnover from flat = sum|w|.
        const oneDay = { ...p, shape: { ...p.shape, nDates: 2, construction: 'quantile_long_short' as const }, returns: p.returns.map(() => 0.01) };
        oneDay.scores = p.scores.slice(0, 2 * p.shape.nSymbols);
        oneDay.status = p.status.slice(0, 2 * p.shape.nSymbols);
        oneDay.returns = oneDay.returns.slice(0, 2 * p.shape.nSymbols);
        const s = run(oneDay, { costBps: 0 });
        const formed = (s.scoredCount[0] as number) >= p.shape.quantiles + p.shape.extraNames;
        expect(Math.abs(s.returns[0] as number)).toBeLessThan(1e-15);
        expect(s.turnoverSum).toBeCloseTo(formed ? 2 : 0, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('partitions the scored set into the quantiles (sizes times means add up to the total)', () => {
    fc.assert(
      fc.property(panelArb, (p) => {
        const allFinite = { ...p, returns: p.returns.map((r, k) => (Number.isNaN(r) ? (k % 7) / 100 : r)) };
        const s = run(allFinite, {});
        const { nSymbols, quantiles } = p.shape;
        const scoresArr = Float64Array.from(p.scores);
        for (let j = 0; j < s.days; j++) {
          const n = s.scoredCount[j] as number;
          if (n < quantiles + p.shape.extraNames) continue;
          // Sum of r[d] over S(d-1), and the same from the quantiles with sizes floor(p*Q/n)+1.
          let total = 0;
          const sizes = new Array<number>(quantiles).fill(0);
          let pos = 0;
          for (let i = 0; i < nSymbols; i++) {
            const k = j * nSymbols + i;
            if (p.status[k] === 0 && Number.isFinite(scoresArr[k])) {
              total += allFinite.returns[(j + 1) * nSymbols + i] as number;
              pos++;
            }
          }
          expect(pos).toBe(n);
          for (let pos2 = 0; pos2 < n; pos2++) {
            const slot = Math.floor((pos2 * quantiles) / n);
            sizes[slot] = (sizes[slot] ?? 0) + 1;
          }
          let fromQuantiles = 0;
          for (let q = 0; q < quantiles; q++) {
            expect(sizes[q]).toBeGreaterThan(0);
            fromQuantiles += (sizes[q] as number) * (s.quantileReturns[j * quantiles + q] as number);
          }
          expect(fromQuantiles).toBeCloseTo(total, 10);
        }
      }),
      { numRuns: 200 },
    );
  });
});
