import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
import { RollingStdRows } from '../kernels/rollingStd.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';

/**
 * Bollinger z-score reversal (PROTOCOL section 3): -(C[t] - SMA_period[t]) / std(C[t-period+1..t]),
 * sample std, NaN unless all `period` closes are finite; NaN if std is 0, which is decided
 * exactly: std is 0 iff every close in the window is equal (see rollingStd). Params:
 * period 20 (integer >= 2: the sample std of one close is undefined).
 */
export const bollinger: FactorDefinition = {
  id: 'bollinger',
  description: 'Negated z-score of the close within its period-day Bollinger band',
  fields: Object.freeze(['close']),
  defaults: Object.freeze({ period: 20 }),
  costHint: 2.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'period'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'period', 2);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(bollinger, inputs, params, out);
    const { nDates, nSymbols, close } = inputs.panel;
    if (nSymbols === 0) return;
    // All symbols date by date (contiguous rows): the std goes straight into the scores row,
    // the SMA (from the same exact window sum, rollingMean's bits) into one scratch row, then
    // each cell is turned into its z-score.
    const rows = new RollingStdRows({ input: close, inputOffset: 0, inputStride: nSymbols, length: nDates, width: nSymbols, window: integerParam(params, 'period') });
    const means = new Float64Array(nSymbols);
    for (let t = 0; t < nDates; t++) {
      const row = t * nSymbols;
      rows.next(out, row, means, 0);
      for (let i = 0; i < nSymbols; i++) {
        const deviation = out[row + i]!;
        const score = deviation > 0 ? -(close[row + i]! - means[i]!) / deviation : Number.NaN;
        out[row + i] = Number.isFinite(score) ? score : Number.NaN;
      }
    }
  },
};
