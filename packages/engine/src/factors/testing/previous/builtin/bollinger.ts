import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { rollingStd } from '../kernels/rollingStd.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { SYMBOL_BLOCK } from './symbolBlock.js';

/**
 * Bollinger z-score reversal (PROTOCOL section 3): -(C[t] - SMA_period[t]) / std(C[t-period+1..t]),
 * sample std, NaN unless all `period` closes are finite; NaN if std is 0, which is decided
 * exactly: std is 0 iff every close in the window is equal (see rollingStd). Params:
 * period 20 (integer >= 2: the sample std of one close is undefined).
 */
export const bollinger: FactorDefinition = {
  id: 'bollinger',
  description: 'Negated z-score of the close within its period-day Bollinger band',
  defaults: Object.freeze({ period: 20 }),
  costHint: 2.5,
  historyDays: (params: FactorParams): number => integerParam(params, 'period'),
  validate(params: FactorParams): string | null {
    return integerParamProblem(params, 'period', 2);
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(bollinger, inputs, params, out);
    const { nDates, nSymbols, close } = inputs.panel;
    const window = integerParam(params, 'period');
    const means = new Float64Array(nDates * SYMBOL_BLOCK);
    for (let first = 0; first < nSymbols; first += SYMBOL_BLOCK) {
      const width = Math.min(SYMBOL_BLOCK, nSymbols - first);
      // The std goes straight into the scores (then each cell is turned into its z-score); the
      // SMA comes from the same exact window sum (rollingMean's bits).
      rollingStd({
        input: close,
        inputOffset: first,
        inputStride: nSymbols,
        output: out,
        outputOffset: first,
        outputStride: nSymbols,
        length: nDates,
        width,
        window,
        means: { output: means, offset: 0, stride: width },
      });
      for (let t = 0; t < nDates; t++) {
        const row = t * nSymbols + first;
        for (let j = 0; j < width; j++) {
          const deviation = out[row + j]!;
          const score = deviation > 0 ? -(close[row + j]! - means[t * width + j]!) / deviation : Number.NaN;
          out[row + j] = Number.isFinite(score) ? score : Number.NaN;
        }
      }
    }
  },
};
