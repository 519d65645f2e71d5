/**
 * Test reference: the rolling built-in factors of PROTOCOL section 3 computed per window from
 * scratch with exact integer sums (exactReference.ts), as a user factor module (`factors`
 * export, ids prefixed `exact_`). No running state: every score is a function of its window
 * by construction. Slow (BigInt per window): for small generated panels in tests only.
 */
import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
import { exactStd, exactSum } from './exactReference.js';

type WindowScore = (inputs: FactorInputs, t: number, i: number, params: FactorParams) => number;

const param = (params: FactorParams, name: string): number => params[name] as number;

/** Values get(k) for k in t-n+1..t, or null when the window starts before the panel or holds a non-finite value. */
function windowOf(t: number, n: number, get: (k: number) => number): number[] | null {
  if (t - n + 1 < 0) return null;
  const values: number[] = [];
  for (let k = t - n + 1; k <= t; k++) {
    const v = get(k);
    if (!Number.isFinite(v)) return null;
    values.push(v);
  }
  return values;
}

function define(options: { id: string; defaults: FactorParams; minimum: number; score: WindowScore; check?: (params: FactorParams) => string | null }): FactorDefinition {
  return {
    id: `exact_${options.id}`,
    description: `${options.id} with exact per-window sums (test reference)`,
    defaults: options.defaults,
    validate(params: FactorParams): string | null {
      for (const name of Object.keys(options.defaults)) {
        const v = params[name];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < options.minimum) return `${name} must be an integer >= ${options.minimum}`;
      }
      return options.check?.(params) ?? null;
    },
    compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
      const { nDates, nSymbols } = inputs.panel;
      for (let t = 0; t < nDates; t++) {
        for (let i = 0; i < nSymbols; i++) {
          const score = options.score(inputs, t, i, params);
          out[t * nSymbols + i] = Number.isFinite(score) ? score : Number.NaN;
        }
      }
    },
  };
}

const close = (inputs: FactorInputs, i: number) => (k: number): number => inputs.panel.close[k * inputs.panel.nSymbols + i]!;
const returns = (inputs: FactorInputs, i: number) => (k: number): number => inputs.returns[k * inputs.panel.nSymbols + i]!;
const dollarVolume = (inputs: FactorInputs, i: number) => (k: number): number =>
  inputs.panel.close[k * inputs.panel.nSymbols + i]! * inputs.panel.volume[k * inputs.panel.nSymbols + i]!;

export const factors: readonly FactorDefinition[] = [
  define({
    id: 'low_volatility',
    defaults: { lookback: 20 },
    minimum: 2,
    score: (inputs, t, i, params) => {
      const window = windowOf(t, param(params, 'lookback'), returns(inputs, i));
      return window === null ? Number.NaN : -exactStd(window);
    },
  }),
  define({
    id: 'bollinger',
    defaults: { period: 20 },
    minimum: 2,
    score: (inputs, t, i, params) => {
      const n = param(params, 'period');
      const window = windowOf(t, n, close(inputs, i));
      if (window === null) return Number.NaN;
      const std = exactStd(window);
      return std > 0 ? -(window[n - 1]! - exactSum(window) / n) / std : Number.NaN;
    },
  }),
  define({
    id: 'ma_cross',
    defaults: { fast: 20, slow: 100 },
    minimum: 1,
    check: (params) => (param(params, 'fast') < param(params, 'slow') ? null : 'fast must be less than slow'),
    score: (inputs, t, i, params) => {
      const fast = param(params, 'fast');
      const slow = param(params, 'slow');
      const window = windowOf(t, slow, close(inputs, i));
      return window === null ? Number.NaN : exactSum(window.slice(slow - fast)) / fast / (exactSum(window) / slow) - 1;
    },
  }),
  define({
    id: 'rsi',
    defaults: { period: 14 },
    minimum: 1,
    score: (inputs, t, i, params) => {
      const n = param(params, 'period');
      const closes = windowOf(t, n + 1, close(inputs, i));
      if (closes === null) return Number.NaN;
      const changes = closes.slice(1).map((c, k) => c - closes[k]!);
      const up = changes.filter((d) => d > 0).length;
      const down = changes.filter((d) => d < 0).length;
      if (down === 0) return 50 - (up > 0 ? 100 : 50);
      const gain = up === 0 ? 0 : exactSum(changes.map((d) => (d + Math.abs(d)) * 0.5)) / n;
      const loss = exactSum(changes.map((d) => (Math.abs(d) - d) * 0.5)) / n;
      return 50 - (100 - 100 / (1 + gain / loss));
    },
  }),
  define({
    id: 'low_liquidity',
    defaults: { lookback: 20 },
    minimum: 1,
    score: (inputs, t, i, params) => {
      const n = param(params, 'lookback');
      const window = windowOf(t, n, dollarVolume(inputs, i));
      return window === null ? Number.NaN : -Math.log(exactSum(window) / n);
    },
  }),
  define({
    id: 'amihud',
    defaults: { lookback: 20 },
    minimum: 1,
    score: (inputs, t, i, params) => {
      const n = param(params, 'lookback');
      const dv = windowOf(t, n, dollarVolume(inputs, i));
      const r = windowOf(t, n, returns(inputs, i));
      if (dv === null || r === null || dv.includes(0)) return Number.NaN;
      return exactSum(r.map((x, k) => Math.abs(x) / dv[k]!)) / n;
    },
  }),
];
