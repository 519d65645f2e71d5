import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { ExactAccumulator } from '../kernels/ExactAccumulator.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';

/**
 * RSI contrarian score (PROTOCOL section 3): 50 - RSI[t]. Over k = t-period+1..t,
 * D[k] = C[k] - C[k-1] (period + 1 finite closes needed), G = mean(max(D, 0)),
 * Ls = mean(max(-D, 0)) (simple means, not Wilder smoothing); RSI = 100 if Ls = 0 < G,
 * 50 if G = Ls = 0, else 100 - 100/(1 + G/Ls). Params: period 14 (integer >= 1).
 */
export const rsi: FactorDefinition = {
  id: 'rsi',
  description: '50 minus the simple-mean RSI of the last period close-to-close changes',
  defaults: Object.freeze({ period: 14 }),
  costHint: 1.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'period'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'period', 1);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(rsi, inputs, params, out);
    const { nDates, nSymbols, close } = inputs.panel;
    writeRsiScores({ close, out, nDates, nSymbols, period: integerParam(params, 'period') });
  },
};

/**
 * All symbols date by date (independent running sums per symbol), O(1) per cell. The gain
 * and loss sums G and Ls are exact: unevaluated double-doubles updated by error-free TwoSums
 * (the rounding error of each hi + v goes into lo by a second TwoSum whose own error must be
 * 0), so fl(hi + lo) is the correctly rounded sum of the window's gains, a function of the
 * window's closes alone (equal windows, equal scores: PROTOCOL sections 3 and 4). A sum that
 * stops fitting a double-double is recomputed exactly from the window (ExactAccumulator,
 * O(period), rare). Whether G or Ls is zero is decided exactly by counting the window's rising
 * and falling days.
 */
function writeRsiScores(options: {
  readonly close: Float64Array;
  readonly out: Float64Array;
  readonly nDates: number;
  readonly nSymbols: number;
  readonly period: number;
}): void {
  const { out, nDates, nSymbols, period } = options;
  // Per symbol, 8 doubles at i * 8 (one array is measurably faster than one per field): gain
  // sum (hi, lo), loss sum (hi, lo), rising and falling days in the window, the latest date
  // whose change D is undefined (D[0] always is, hence the initial 0).
  const state = new Float64Array(nSymbols * 8);
  out.fill(Number.NaN, 0, Math.min(nDates, 1) * nSymbols);
  rsiLoop(options, state, new ExactAccumulator(period));
}

/**
 * writeRsiScores' loop, apart from its allocations: V8 embedded the objects allocated in the
 * same function in its optimised code and dropped that code at every full GC.
 */
function rsiLoop(
  options: { readonly close: Float64Array; readonly out: Float64Array; readonly nDates: number; readonly nSymbols: number; readonly period: number },
  state: Float64Array,
  exact: ExactAccumulator,
): void {
  const { close, out, nDates, nSymbols, period } = options;
  for (let t = 1; t < nDates; t++) {
    const row = t * nSymbols;
    const leaving = t - period;
    const leavingRow = leaving * nSymbols;
    for (let i = 0; i < nSymbols; i++) {
      const base = i * 8;
      let change = close[row + i]! - close[row - nSymbols + i]!;
      if (!Number.isFinite(change)) {
        state.fill(0, base, base + 6);
        state[base + 6] = t;
        out[row + i] = Number.NaN;
        continue;
      }
      let gainHi = state[base]!;
      let gainLo = state[base + 1]!;
      let lossHi = state[base + 2]!;
      let lossLo = state[base + 3]!;
      let up = state[base + 4]!;
      let down = state[base + 5]!;
      // Branch-free on purpose: the sign of a daily change is a coin flip, and mispredicted
      // branches cost more than this arithmetic. (c + |c|)/2 and (|c| - c)/2 are exact.
      let magnitude = Math.abs(change);
      let gain = (change + magnitude) * 0.5;
      let loss = (magnitude - change) * 0.5;
      up += +(change > 0);
      down += +(change < 0);
      let s = gainHi + gain;
      let z = s - gainHi;
      let e = gainHi - (s - z) + (gain - z);
      let l = gainLo + e;
      z = l - gainLo;
      let lost = Math.abs(gainLo - (l - z) + (e - z));
      gainHi = s;
      gainLo = l;
      s = lossHi + loss;
      z = s - lossHi;
      e = lossHi - (s - z) + (loss - z);
      l = lossLo + e;
      z = l - lossLo;
      lost += Math.abs(lossLo - (l - z) + (e - z));
      lossHi = s;
      lossLo = l;
      const bad = state[base + 6]!;
      if (leaving > bad) {
        change = close[leavingRow + i]! - close[leavingRow - nSymbols + i]!;
        magnitude = Math.abs(change);
        gain = -(change + magnitude) * 0.5;
        loss = -(magnitude - change) * 0.5;
        up -= +(change > 0);
        down -= +(change < 0);
        s = gainHi + gain;
        z = s - gainHi;
        e = gainHi - (s - z) + (gain - z);
        l = gainLo + e;
        z = l - gainLo;
        lost += Math.abs(gainLo - (l - z) + (e - z));
        gainHi = s;
        gainLo = l;
        s = lossHi + loss;
        z = s - lossHi;
        e = lossHi - (s - z) + (loss - z);
        l = lossLo + e;
        z = l - lossLo;
        lost += Math.abs(lossLo - (l - z) + (e - z));
        lossHi = s;
        lossLo = l;
      }
      let gainSum = gainHi + gainLo;
      let lossSum = lossHi + lossLo;
      if (lost !== 0) {
        // Not exact any more (or NaN after an overflow): recompute both sums from the run's changes in the window.
        const first = Math.max(bad + 1, t - period + 1);
        for (let side = 0; side < 2; side++) {
          exact.reset();
          for (let k = first; k <= t; k++) {
            const d = close[k * nSymbols + i]! - close[(k - 1) * nSymbols + i]!;
            exact.add(side === 0 ? (d + Math.abs(d)) * 0.5 : (Math.abs(d) - d) * 0.5);
          }
          const isPair = exact.takePair(state, base + 2 * side);
          const sum = state[base + 2 * side]!;
          // A sum that no double-double holds keeps this symbol on the rebuild path until one does.
          if (!isPair) state[base + 2 * side] = Number.NaN;
          if (side === 0) gainSum = sum;
          else lossSum = sum;
        }
      } else {
        state[base] = gainHi;
        state[base + 1] = gainLo;
        state[base + 2] = lossHi;
        state[base + 3] = lossLo;
      }
      state[base + 4] = up;
      state[base + 5] = down;
      let score = Number.NaN;
      if (t - bad >= period) {
        let index: number;
        if (down === 0) {
          index = up > 0 ? 100 : 50;
        } else {
          const meanGain = up === 0 ? 0 : gainSum / period;
          const meanLoss = lossSum / period;
          index = 100 - 100 / (1 + meanGain / meanLoss);
        }
        score = 50 - index;
      }
      out[row + i] = score;
    }
  }
}
