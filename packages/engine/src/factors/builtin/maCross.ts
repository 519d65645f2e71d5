import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
import { RollingMeanRows } from '../kernels/rollingMean.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';

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
    if (nSymbols === 0) return;
    // All symbols date by date (contiguous rows): the fast SMA goes straight into the scores
    // row, the slow one into a scratch row, then each cell becomes their ratio.
    const view = { input: close, inputOffset: 0, inputStride: nSymbols, length: nDates, width: nSymbols };
    const fastRows = new RollingMeanRows({ ...view, window: integerParam(params, 'fast') });
    const slowRows = new RollingMeanRows({ ...view, window: integerParam(params, 'slow') });
    const slowMeans = new Float64Array(nSymbols);
    for (let t = 0; t < nDates; t++) {
      const row = t * nSymbols;
      fastRows.next(out, row);
      slowRows.next(slowMeans, 0);
      for (let i = 0; i < nSymbols; i++) {
        const score = out[row + i]! / slowMeans[i]! - 1;
        out[row + i] = Number.isFinite(score) ? score : Number.NaN;
      }
    }
  },
};
