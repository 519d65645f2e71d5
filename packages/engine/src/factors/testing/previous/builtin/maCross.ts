import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { rollingMean } from '../kernels/rollingMean.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { SYMBOL_BLOCK } from './symbolBlock.js';

/**
 * Moving-average cross (PROTOCOL section 3): SMA_fast[t]/SMA_slow[t] - 1, SMA_n[t] = mean
 * C[t-n+1..t], NaN unless all `slow` closes are finite (and the ratio is finite).
 * Params: fast 20, slow 100 (integers >= 1, fast < slow).
 */
export const maCross: FactorDefinition = {
  id: 'ma_cross',
  description: 'Fast over slow simple moving average of the close, minus 1',
  defaults: Object.freeze({ fast: 20, slow: 100 }),
  costHint: 2,
  historyDays: (params: FactorParams): number => integerParam(params, 'slow'),
  validate(params: FactorParams): string | null {
    const problem = integerParamProblem(params, 'fast', 1) ?? integerParamProblem(params, 'slow', 1);
    if (problem !== null) return problem;
    const fast = integerParam(params, 'fast');
    const slow = integerParam(params, 'slow');
    return fast < slow ? null : `fast (${fast}) must be less than slow (${slow})`;
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(maCross, inputs, params, out);
    const { nDates, nSymbols, close } = inputs.panel;
    const fast = integerParam(params, 'fast');
    const slow = integerParam(params, 'slow');
    const fastMeans = new Float64Array(nDates * SYMBOL_BLOCK);
    const slowMeans = new Float64Array(nDates * SYMBOL_BLOCK);
    for (let first = 0; first < nSymbols; first += SYMBOL_BLOCK) {
      const width = Math.min(SYMBOL_BLOCK, nSymbols - first);
      rollingMean({
        input: close,
        inputOffset: first,
        inputStride: nSymbols,
        output: fastMeans,
        outputOffset: 0,
        outputStride: width,
        length: nDates,
        width,
        window: fast,
      });
      rollingMean({
        input: close,
        inputOffset: first,
        inputStride: nSymbols,
        output: slowMeans,
        outputOffset: 0,
        outputStride: width,
        length: nDates,
        width,
        window: slow,
      });
      for (let t = 0; t < nDates; t++) {
        const row = t * nSymbols + first;
        for (let j = 0; j < width; j++) {
          const score = fastMeans[t * width + j]! / slowMeans[t * width + j]! - 1;
          out[row + j] = Number.isFinite(score) ? score : Number.NaN;
        }
      }
    }
  },
};
