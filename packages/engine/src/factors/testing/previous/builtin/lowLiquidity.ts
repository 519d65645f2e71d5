import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { rollingMean } from '../kernels/rollingMean.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { SYMBOL_BLOCK } from './symbolBlock.js';

/**
 * Low liquidity (PROTOCOL section 3): -ln(mean DV[t-lookback+1..t]), DV = C*V, NaN unless
 * all `lookback` DVs are finite; NaN when the mean is 0 (ln 0 is not finite).
 * Params: lookback 20 (integer >= 1).
 */
export const lowLiquidity: FactorDefinition = {
  id: 'low_liquidity',
  description: 'Negated log of the mean dollar volume (close x volume) of the last lookback days',
  defaults: Object.freeze({ lookback: 20 }),
  costHint: 1.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'lookback'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'lookback', 1);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(lowLiquidity, inputs, params, out);
    const { nDates, nSymbols, close, volume } = inputs.panel;
    const window = integerParam(params, 'lookback');
    const dollarVolume = new Float64Array(nDates * SYMBOL_BLOCK);
    for (let first = 0; first < nSymbols; first += SYMBOL_BLOCK) {
      const width = Math.min(SYMBOL_BLOCK, nSymbols - first);
      for (let t = 0; t < nDates; t++) {
        const row = t * nSymbols + first;
        for (let j = 0; j < width; j++) dollarVolume[t * width + j] = close[row + j]! * volume[row + j]!;
      }
      rollingMean({
        input: dollarVolume,
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
    for (let k = 0; k < out.length; k++) {
      const score = -Math.log(out[k]!);
      out[k] = Number.isFinite(score) ? score : Number.NaN;
    }
  },
};
