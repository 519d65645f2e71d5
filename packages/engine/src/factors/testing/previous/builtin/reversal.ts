import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { writeLagRatio } from './writeLagRatio.js';

/**
 * Short-term reversal (PROTOCOL section 3): -(C[t]/C[t-lookback] - 1).
 * Params: lookback 5 (integer >= 1). NaN when either close is not finite or the ratio is not finite.
 */
export const reversal: FactorDefinition = {
  id: 'reversal',
  description: 'Negated trailing return: -(C[t]/C[t-lookback] - 1)',
  defaults: Object.freeze({ lookback: 5 }),
  costHint: 0.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'lookback'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'lookback', 1);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(reversal, inputs, params, out);
    writeLagRatio({ inputs, out, numeratorLag: 0, denominatorLag: integerParam(params, 'lookback'), sign: -1 });
  },
};
