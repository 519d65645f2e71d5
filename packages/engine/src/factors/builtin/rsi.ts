import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
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
 * All symbols date by date (independent running sums per symbol). Gains and losses are
 * compensated (TwoSum) running sums, O(1) per cell; whether G or Ls is zero is decided
 * exactly by counting the window's rising and falling days, never by comparing a rounded
 * sum with 0.
 */
function writeRsiScores(options: {
  readonly close: Float64Array;
  readonly out: Float64Array;
  readonly nDates: number;
  readonly nSymbols: number;
  readonly period: number;
}): void {
  const { close, out, nDates, nSymbols, period } = options;
  // Per symbol, 8 doubles at i * 8 (one array is measurably faster than one per field): gain
  // sum and compensation, loss sum and compensation, rising and falling days in the window,
  // the latest date whose change D is undefined (D[0] always is, hence the initial 0).
  const state = new Float64Array(nSymbols * 8);
  out.fill(Number.NaN, 0, Math.min(nDates, 1) * nSymbols);
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
      let gainSum = state[base]!;
      let gainComp = state[base + 1]!;
      let lossSum = state[base + 2]!;
      let lossComp = state[base + 3]!;
      let up = state[base + 4]!;
      let down = state[base + 5]!;
      // Branch-free on purpose: the sign of a daily change is a coin flip, and mispredicted
      // branches cost more than this arithmetic. (c + |c|)/2 and (|c| - c)/2 are exact.
      let magnitude = Math.abs(change);
      let gain = (change + magnitude) * 0.5;
      let loss = (magnitude - change) * 0.5;
      up += +(change > 0);
      down += +(change < 0);
      let s = gainSum + gain;
      let z = s - gainSum;
      gainComp += gainSum - (s - z) + (gain - z);
      gainSum = s;
      s = lossSum + loss;
      z = s - lossSum;
      lossComp += lossSum - (s - z) + (loss - z);
      lossSum = s;
      const bad = state[base + 6]!;
      if (leaving > bad) {
        change = close[leavingRow + i]! - close[leavingRow - nSymbols + i]!;
        magnitude = Math.abs(change);
        gain = -(change + magnitude) * 0.5;
        loss = -(magnitude - change) * 0.5;
        up -= +(change > 0);
        down -= +(change < 0);
        s = gainSum + gain;
        z = s - gainSum;
        gainComp += gainSum - (s - z) + (gain - z);
        gainSum = s;
        s = lossSum + loss;
        z = s - lossSum;
        lossComp += lossSum - (s - z) + (loss - z);
        lossSum = s;
      }
      state[base] = gainSum;
      state[base + 1] = gainComp;
      state[base + 2] = lossSum;
      state[base + 3] = lossComp;
      state[base + 4] = up;
      state[base + 5] = down;
      let score = Number.NaN;
      if (t - bad >= period) {
        let index: number;
        if (down === 0) {
          index = up > 0 ? 100 : 50;
        } else {
          const meanGain = up === 0 ? 0 : (gainSum + gainComp) / period;
          const meanLoss = (lossSum + lossComp) / period;
          index = 100 - 100 / (1 + meanGain / meanLoss);
        }
        score = 50 - index;
      }
      out[row + i] = score;
    }
  }
}
