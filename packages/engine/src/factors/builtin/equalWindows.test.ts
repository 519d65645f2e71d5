/**
 * Issue 10, "Equal windows, equal scores": PROTOCOL section 3 defines each rolling score from
 * the values inside its window, and section 4 breaks ties between equal scores by symbol. So
 * two symbols whose inputs agree over a factor's lookback must score bit-identically whatever
 * their earlier history, and the ranking must then order them by symbol. (macd's EMAs are
 * recursive, a function of the whole history by definition: exempt.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankCrossSection } from '../../portfolio/rankCrossSection.js';
import type { FactorParams } from '../FactorDefinition.js';
import { makeFactorInputs, makePanel } from '../testing/makePanel.js';
import { historyOf, widePositiveValue } from '../testing/sharedWindowArbitraries.js';
import { BUILTIN_FACTORS } from './builtinFactors.js';

/** Small parameters; every score at t reads at most the last DEPENDENCY_DATES dates (closes, highs, volumes). */
const PARAMS: Readonly<Record<string, FactorParams>> = {
  momentum: { lookback: 6, skip: 2 },
  reversal: { lookback: 3 },
  low_volatility: { lookback: 5 },
  ma_cross: { fast: 3, slow: 8 },
  rsi: { period: 5 },
  bollinger: { period: 6 },
  high_52w: { lookback: 8 },
  low_liquidity: { lookback: 4 },
  amihud: { lookback: 4 },
};
const DEPENDENCY_DATES = 9;
const WINDOW_FACTORS = BUILTIN_FACTORS.filter((factor) => factor.id !== 'macd');

/** Prices: mostly ordinary, sometimes huge, tiny or repeated (constant windows). */
const price = fc.oneof(
  { arbitrary: fc.double({ min: 1, max: 500, noNaN: true }), weight: 6 },
  { arbitrary: widePositiveValue, weight: 2 },
  { arbitrary: fc.constantFrom(10, 10, 0.1), weight: 2 },
);

/** Each symbol's score series, out[t * N + i] read back per symbol. */
function scoreColumns(factorId: string, series: { close: Record<string, number[]>; volume: Record<string, number[]> }): number[][] {
  const factor = BUILTIN_FACTORS.find((f) => f.id === factorId)!;
  const inputs = makeFactorInputs(makePanel(series));
  const { nDates, nSymbols } = inputs.panel;
  const out = new Float64Array(nDates * nSymbols);
  factor.compute(inputs, PARAMS[factorId]!, out);
  return Array.from({ length: nSymbols }, (_, i) => Array.from({ length: nDates }, (__, t) => out[t * nSymbols + i]!));
}

describe('equal windows, equal scores (PROTOCOL sections 3 and 4)', () => {
  it('every built-in window factor scores two symbols bit-identically where their inputs agree over its lookback', () => {
    const symbolHistory = fc.record({ close: historyOf(price), volume: historyOf(fc.double({ min: 0, max: 1e7, noNaN: true })) });
    fc.assert(
      fc.property(
        fc.tuple(symbolHistory, symbolHistory),
        fc.array(fc.tuple(price, fc.double({ min: 0, max: 1e7, noNaN: true })), { minLength: DEPENDENCY_DATES + 4, maxLength: 30 }),
        ([a, b], shared) => {
          const historyLength = Math.max(a.close.length, a.volume.length, b.close.length, b.volume.length);
          // Histories padded in front with missing rows: the shorter one is listed later.
          const column = (history: number[], tail: number[]): number[] => [...Array<number>(historyLength - history.length).fill(Number.NaN), ...history, ...tail];
          const sharedClose = shared.map(([c]) => c);
          const sharedVolume = shared.map(([, v]) => v);
          const series = {
            close: { AAA: column(a.close, sharedClose), BBB: column(b.close, sharedClose) },
            volume: { AAA: column(a.volume, sharedVolume), BBB: column(b.volume, sharedVolume) },
          };
          for (const factor of WINDOW_FACTORS) {
            const [first, second] = scoreColumns(factor.id, series);
            for (let t = historyLength + DEPENDENCY_DATES - 1; t < first!.length; t++) {
              if (!Object.is(first![t], second![t])) expect.fail(`${factor.id} at t=${t}: ${first![t]} vs ${second![t]}`);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ranks a panel with duplicated, later-listed series by symbol wherever the copies tie', () => {
    // 12 random walks; four of them copied into symbols listed 40..70 days later (two copies sort before their original, two after).
    let seed = 20261202;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const dates = 160;
    const close: Record<string, number[]> = {};
    const volume: Record<string, number[]> = {};
    for (let i = 0; i < 12; i++) {
      let p = 20 + 200 * random();
      close[`S${String(i).padStart(2, '0')}`] = Array.from({ length: dates }, () => (p = Math.round(p * (1 + (random() - 0.5) * 0.06) * 100) / 100));
      volume[`S${String(i).padStart(2, '0')}`] = Array.from({ length: dates }, () => Math.round(1e5 + 1e6 * random()));
    }
    const copies = [
      { original: 'S03', copy: 'A03', listed: 40 },
      { original: 'S07', copy: 'B07', listed: 55 },
      { original: 'S05', copy: 'S05X', listed: 62 },
      { original: 'S10', copy: 'T10', listed: 70 },
    ];
    for (const { original, copy, listed } of copies) {
      close[copy] = close[original]!.map((c, t) => (t < listed ? Number.NaN : c));
      volume[copy] = volume[original]!.map((v, t) => (t < listed ? Number.NaN : v));
    }
    const inputs = makeFactorInputs(makePanel({ close, volume }));
    const { nDates, nSymbols, symbols } = inputs.panel;
    const out = new Float64Array(nDates * nSymbols);
    for (const factor of WINDOW_FACTORS) {
      factor.compute(inputs, PARAMS[factor.id]!, out);
      const ranking = rankCrossSection({ values: out, nDates, nSymbols });
      let ties = 0;
      for (const { original, copy, listed } of copies) {
        const i = symbols.indexOf(original);
        const k = symbols.indexOf(copy);
        for (let t = listed + DEPENDENCY_DATES; t < nDates; t++) {
          const a = out[t * nSymbols + i]!;
          const b = out[t * nSymbols + k]!;
          if (!Object.is(a, b)) expect.fail(`${factor.id} ${original}/${copy} at t=${t}: ${a} vs ${b}`);
          if (!Number.isFinite(a)) continue;
          const row = ranking.order.subarray(t * nSymbols, t * nSymbols + ranking.count[t]!);
          const positionOf = (symbol: number): number => row.indexOf(symbol);
          // Ascending score, ties by symbol: the lower symbol index comes first, the copies adjacent
          // unless a third symbol has the very same score.
          expect(positionOf(Math.min(i, k))).toBeLessThan(positionOf(Math.max(i, k)));
          ties++;
        }
      }
      expect(ties, factor.id).toBeGreaterThan(300);
    }
  });
});
