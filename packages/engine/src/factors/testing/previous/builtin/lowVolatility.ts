import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { rollingStd } from '../kernels/rollingStd.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';

/**
 * Low volatility (PROTOCOL section 3): -std(r[t-lookback+1..t]), sample std (ddof 1), NaN
 * unless all `lookback` returns are finite. Params: lookback 20 (integer >= 2: the sample
 * std of a single return is undefined). A constant window scores exactly 0.
 */
export const lowVolatility: FactorDefinition = {
  id: 'low_volatility',
  description: 'Negated sample std of the last lookback daily returns',
  defaults: Object.freeze({ lookback: 20 }),
  costHint: 1.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'lookback'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'lookback', 2);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(lowVolatility, inputs, params, out);
    const { nDates, nSymbols } = inputs.panel;
    rollingStd({
      input: inputs.returns,
      inputOffset: 0,
      inputStride: nSymbols,
      output: out,
      outputOffset: 0,
      outputStride: nSymbols,
      length: nDates,
      width: nSymbols,
      window: integerParam(params, 'lookback'),
    });
    for (let k = 0; k < out.length; k++) out[k] = -out[k]!;
  },
};
