import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { writeLagRatio } from './writeLagRatio.js';

/**
 * Cross-sectional momentum (PROTOCOL section 3): C[t-skip]/C[t-lookback] - 1.
 * Params: lookback 252, skip 21 (integers, lookback >= 1, 0 <= skip < lookback).
 * NaN when either close is not finite or the ratio is not finite (a zero close).
 */
export const momentum: FactorDefinition = {
  id: 'momentum',
  description: 'Trailing return from t-lookback to t-skip: C[t-skip]/C[t-lookback] - 1',
  defaults: Object.freeze({ lookback: 252, skip: 21 }),
  costHint: 0.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'lookback'),
  validate(params: FactorParams): string | null {
    const problem = integerParamProblem(params, 'lookback', 1) ?? integerParamProblem(params, 'skip', 0);
    if (problem !== null) return problem;
    const lookback = integerParam(params, 'lookback');
    const skip = integerParam(params, 'skip');
    return skip < lookback ? null : `skip (${skip}) must be less than lookback (${lookback})`;
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(momentum, inputs, params, out);
    writeLagRatio({ inputs, out, numeratorLag: integerParam(params, 'skip'), denominatorLag: integerParam(params, 'lookback'), sign: 1 });
  },
};
