import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { rollingMean } from '../kernels/rollingMean.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { SYMBOL_BLOCK } from './symbolBlock.js';

/**
 * Amihud illiquidity (PROTOCOL section 3): mean over k in t-lookback+1..t of |r[k]| / DV[k],
 * DV = C*V; NaN unless every r[k] and DV[k] of the window is finite and every DV[k] is
 * non-zero. Params: lookback 20 (integer >= 1).
 */
export const amihud: FactorDefinition = {
  id: 'amihud',
  description: 'Mean absolute daily return per dollar traded over the last lookback days',
  defaults: Object.freeze({ lookback: 20 }),
  costHint: 1.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'lookback'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'lookback', 1);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(amihud, inputs, params, out);
    const { nDates, nSymbols, close, volume } = inputs.panel;
    const { returns } = inputs;
    const window = integerParam(params, 'lookback');
    const impact = new Float64Array(nDates * SYMBOL_BLOCK);
    for (let first = 0; first < nSymbols; first += SYMBOL_BLOCK) {
      const width = Math.min(SYMBOL_BLOCK, nSymbols - first);
      for (let t = 0; t < nDates; t++) {
        const row = t * nSymbols + first;
        for (let j = 0; j < width; j++) {
          const dollarVolume = close[row + j]! * volume[row + j]!;
          // A zero DV makes the window NaN (protocol), not an infinite or 0/0 term.
          impact[t * width + j] = dollarVolume !== 0 ? Math.abs(returns[row + j]!) / dollarVolume : Number.NaN;
        }
      }
      rollingMean({
        input: impact,
        inputOffset: 0,
        inputStride: width,
        output: out,
        outputOffset: first,
        outputStride: nSymbols,
        length: nDates,
        width,
        window,
      });
    }
  },
};
