import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
import { rollingMax } from '../kernels/rollingMax.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';

/**
 * Nearness to the 52-week high (PROTOCOL section 3): C[t] / max H[t-lookback+1..t], NaN
 * unless C[t] and all `lookback` highs are finite (and the ratio is finite).
 * Params: lookback 252 (integer >= 1).
 */
export const high52w: FactorDefinition = {
  id: 'high_52w',
  description: 'Close over the highest high of the last lookback days',
  fields: Object.freeze(['close', 'high']),
  defaults: Object.freeze({ lookback: 252 }),
  costHint: 1.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'lookback'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'lookback', 1);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(high52w, inputs, params, out);
    const { nDates, nSymbols, close, high } = inputs.panel;
    if (nSymbols === 0) return;
    // All symbols at once, date by date (contiguous rows); the maxima go into the scores first.
    const window = integerParam(params, 'lookback');
    rollingMax({
      input: high,
      inputOffset: 0,
      inputStride: nSymbols,
      output: out,
      outputOffset: 0,
      outputStride: nSymbols,
      length: nDates,
      width: nSymbols,
      window,
      prefixScratch: new Float64Array(nSymbols),
      suffixScratch: new Float64Array(Math.min(window, nDates) * nSymbols),
    });
    for (let k = 0; k < out.length; k++) {
      const score = close[k]! / out[k]!;
      out[k] = Number.isFinite(score) ? score : Number.NaN;
    }
  },
};
