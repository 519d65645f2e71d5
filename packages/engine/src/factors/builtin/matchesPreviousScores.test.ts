/**
 * Issue 14: the built-in factors were reorganised for speed (row-wise kernels, shared work), and
 * no score may change by a single bit. Every factor is compared with its implementation as it
 * was before (testing/previous, frozen at commit f1fcf6f) byte for byte, NaN payloads and the
 * signs of zeros included: on the real S&P 500 panel, whole and cut to start at later dates as
 * BacktestEngine cuts it, and on random panels with gaps, flat runs, zero volumes and values
 * spanning many binades (the kernels' rare exact paths).
 */
import { describe, expect, it } from 'vitest';
import { computeReturns } from '../../data/computeReturns.js';
import { loadPanel } from '../../data/loadPanel.js';
import type { Panel } from '../../data/Panel.js';
import { sharedPath } from '../../testing/sharedPath.js';
import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
import { FactorWorkspace } from '../FactorWorkspace.js';
import { makeFactorInputs, makePanel } from '../testing/makePanel.js';
import { PREVIOUS_BUILTIN_FACTORS } from '../testing/previous/builtin/builtinFactors.js';
import { BUILTIN_FACTORS } from './builtinFactors.js';

/** The nightly config's candidates (issue 14's book), the defaults, and small or odd windows. */
const PARAM_SETS: Readonly<Record<string, readonly FactorParams[]>> = {
  momentum: [
    ...[126, 189, 252].flatMap((lookback) => [0, 21].map((skip) => ({ lookback, skip }))),
    { lookback: 1, skip: 0 },
    { lookback: 7, skip: 3 },
  ],
  reversal: [3, 5, 10, 21, 1].map((lookback) => ({ lookback })),
  low_volatility: [20, 60, 120, 2, 3].map((lookback) => ({ lookback })),
  ma_cross: [
    ...[10, 20, 50].flatMap((fast) => [50, 100, 200].filter((slow) => fast < slow).map((slow) => ({ fast, slow }))),
    { fast: 1, slow: 2 },
    { fast: 3, slow: 7 },
  ],
  macd: [
    { fast: 12, slow: 26, signal: 9 },
    { fast: 1, slow: 2, signal: 1 },
    { fast: 3, slow: 11, signal: 4 },
  ],
  rsi: [7, 14, 28, 1, 2].map((period) => ({ period })),
  bollinger: [10, 20, 40, 2, 3].map((period) => ({ period })),
  high_52w: [252, 1, 2, 5, 63].map((lookback) => ({ lookback })),
  low_liquidity: [20, 60, 1, 7].map((lookback) => ({ lookback })),
  amihud: [20, 60, 1, 7].map((lookback) => ({ lookback })),
};

function previousOf(factor: FactorDefinition): FactorDefinition {
  const previous = PREVIOUS_BUILTIN_FACTORS.find((candidate) => candidate.id === factor.id);
  if (previous === undefined) throw new Error(`no previous implementation of ${factor.id}`);
  return previous;
}

/** The panel from date `from` on, every array a view (as BacktestEngine cuts it). */
function cutInputs(inputs: FactorInputs, from: number): FactorInputs {
  const { panel } = inputs;
  const cells = from * panel.nSymbols;
  const cut: Panel = {
    ...panel,
    dates: panel.dates.subarray(from),
    nDates: panel.nDates - from,
    open: panel.open.subarray(cells),
    high: panel.high.subarray(cells),
    low: panel.low.subarray(cells),
    close: panel.close.subarray(cells),
    volume: panel.volume.subarray(cells),
    marketCap: panel.marketCap === null ? null : panel.marketCap.subarray(cells),
  };
  return { panel: cut, returns: inputs.returns.subarray(cells) };
}

/** The first cell whose 8 bytes differ, with both values, or null when the arrays are byte-identical. */
function firstDifference(got: Float64Array, expected: Float64Array, nSymbols: number): string | null {
  const a = new BigUint64Array(got.buffer, got.byteOffset, got.length);
  const b = new BigUint64Array(expected.buffer, expected.byteOffset, expected.length);
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) return `cell (t ${Math.floor(k / nSymbols)}, i ${k % nSymbols}): ${got[k]} vs ${expected[k]} (bits ${a[k]!.toString(16)} vs ${b[k]!.toString(16)})`;
  }
  return null;
}

/**
 * Runs every factor and parameter set on `inputs` (and its cuts) both ways, the current one
 * with and without a workspace shared by the factor's candidates (as BacktestEngine shares
 * one: all parameter sets in turn, then again in reverse order, so that shared intermediates
 * are found, evicted and recycled); returns how many scores were finite.
 */
function expectSameScores(inputs: FactorInputs, cuts: readonly number[]): number {
  let finite = 0;
  for (const factor of BUILTIN_FACTORS) {
    const previous = previousOf(factor);
    const workspace = new FactorWorkspace();
    const sets = PARAM_SETS[factor.id]!;
    const froms = [0, ...cuts.filter((cut) => cut < inputs.panel.nDates)];
    const runs = froms.flatMap((from) => [...sets, ...sets.slice().reverse()].map((params, k) => ({ params, from, shared: k > 0 })));
    for (const { params, from, shared } of runs) {
      const view = from === 0 ? inputs : cutInputs(inputs, from);
      const cells = view.panel.nDates * view.panel.nSymbols;
      // Different fillers: a cell either version leaves unwritten shows up as a difference.
      const expected = new Float64Array(cells).fill(-2.5);
      previous.compute(view, params, expected);
      for (const withWorkspace of [false, true]) {
        if (withWorkspace && !shared) continue;
        const got = new Float64Array(cells).fill(-1.5);
        factor.compute(withWorkspace ? { ...view, workspace } : view, params, got);
        const label = `${factor.id} ${JSON.stringify(params)} from ${from}${withWorkspace ? ' (workspace)' : ''}`;
        expect(firstDifference(got, expected, view.panel.nSymbols), label).toBeNull();
        if (!withWorkspace) for (const score of got) if (Number.isFinite(score)) finite++;
      }
    }
  }
  return finite;
}

/**
 * Seeded random walks with missing days (close, high, volume independently), flat runs, zero
 * volumes, zero and negative closes, and symbols whose prices span many binades, so that the
 * rolling kernels' regrids, checked sums and exact rebuilds all run.
 */
function randomInputs(nSymbols: number, nDates: number, seed: number): FactorInputs {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const close: Record<string, number[]> = {};
  const high: Record<string, number[]> = {};
  const volume: Record<string, number[]> = {};
  for (let i = 0; i < nSymbols; i++) {
    const symbol = `S${String(i).padStart(3, '0')}`;
    const kind = i % 7;
    let price = kind === 5 ? 2 ** (200 * random() - 100) : 1 + 200 * random();
    close[symbol] = [];
    high[symbol] = [];
    volume[symbol] = [];
    for (let t = 0; t < nDates; t++) {
      const roll = random();
      if (kind === 5) price = 2 ** (100 * random() - 50) * (random() < 0.5 ? 1 : 1 + random());
      else if (kind === 6 && roll < 0.02) price *= 2 ** Math.round(80 * random() - 40);
      else if (roll > 0.25) price *= 1 + (random() - 0.5) * 0.08;
      if (kind !== 5) price = kind === 4 ? Math.round(price * 100) / 100 : price;
      const missing = roll < 0.03 || (kind === 3 && t % 97 < 9);
      close[symbol].push(missing ? Number.NaN : roll > 0.995 ? 0 : roll > 0.99 ? -price : price);
      high[symbol].push(roll > 0.97 ? Number.NaN : price * (1 + 0.03 * random()));
      volume[symbol].push(roll > 0.94 ? 0 : roll < 0.05 ? Number.NaN : Math.round(1e6 * random()));
    }
  }
  return makeFactorInputs(makePanel({ close, high, volume }));
}

describe('built-in factors reproduce their previous implementation bit for bit', () => {
  it('on the S&P 500 panel, whole and cut to start at later dates', async () => {
    const { panel } = await loadPanel({ pricesDir: sharedPath('data/sp500-5yr/prices'), cacheDir: null });
    const inputs: FactorInputs = { panel, returns: computeReturns(panel) };
    expect(panel.nSymbols).toBeGreaterThan(400);
    const finite = expectSameScores(inputs, [1, 300, 997]);
    expect(finite).toBeGreaterThan(10_000_000);
  }, 600_000);

  it('on random panels with gaps, flat runs, zero volumes and many binades', () => {
    for (const [nSymbols, nDates, seed] of [
      [71, 420, 1],
      [1, 300, 2],
      [33, 90, 3],
    ] as const) {
      const finite = expectSameScores(randomInputs(nSymbols, nDates, seed), [1, 17, 150]);
      expect(finite).toBeGreaterThan(nSymbols * 100);
    }
  }, 600_000);
});
