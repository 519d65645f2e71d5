import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';
import type { FactorWorkspace } from '../FactorWorkspace.js';
import { RollingMeanRows, rollingMean } from '../kernels/rollingMean.js';
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
  fields: Object.freeze(['close']),
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
    const fast = integerParam(params, 'fast');
    const slow = integerParam(params, 'slow');
    if (inputs.workspace === undefined) writeBlockByBlock(inputs, fast, slow, out);
    else writeFromSharedMeans(inputs, inputs.workspace, fast, slow, out);
  },
};

/** Without a workspace: per block of symbols, both SMAs into O(T) scratch, then the ratio. */
function writeBlockByBlock(inputs: FactorInputs, fast: number, slow: number, out: Float64Array): void {
  const { nDates, nSymbols, close } = inputs.panel;
  const fastMeans = new Float64Array(nDates * SYMBOL_BLOCK);
  const slowMeans = new Float64Array(nDates * SYMBOL_BLOCK);
  for (let first = 0; first < nSymbols; first += SYMBOL_BLOCK) {
    const width = Math.min(SYMBOL_BLOCK, nSymbols - first);
    rollingMean({ input: close, inputOffset: first, inputStride: nSymbols, output: fastMeans, outputOffset: 0, outputStride: width, length: nDates, width, window: fast });
    rollingMean({ input: close, inputOffset: first, inputStride: nSymbols, output: slowMeans, outputOffset: 0, outputStride: width, length: nDates, width, window: slow });
    for (let t = 0; t < nDates; t++) {
      const row = t * nSymbols + first;
      for (let j = 0; j < width; j++) {
        const score = fastMeans[t * width + j]! / slowMeans[t * width + j]! - 1;
        out[row + j] = Number.isFinite(score) ? score : Number.NaN;
      }
    }
  }
}

/**
 * With a workspace: the fast SMA over all symbols as a whole matrix, shared by the candidates
 * with the same fast window (candidates come fast-major: fast 10 with slow 50, 100, 200, then
 * fast 20, ...), so only one matrix is kept; the slow SMA date by date into one scratch row,
 * then the ratio, row by row. A rolling mean of the same closes (the same view of the panel)
 * and window is the same array whichever candidate asked for it.
 */
function writeFromSharedMeans(inputs: FactorInputs, workspace: FactorWorkspace, fast: number, slow: number, out: Float64Array): void {
  const { nDates, nSymbols, close } = inputs.panel;
  if (nSymbols === 0) return;
  const fastMeans = sharedMeans(inputs, workspace, fast);
  const slowRows = new RollingMeanRows({ input: close, inputOffset: 0, inputStride: nSymbols, length: nDates, width: nSymbols, window: slow });
  const slowMeans = new Float64Array(nSymbols);
  for (let t = 0; t < nDates; t++) {
    const row = t * nSymbols;
    slowRows.next(slowMeans, 0);
    for (let i = 0; i < nSymbols; i++) {
      const score = fastMeans[row + i]! / slowMeans[i]! - 1;
      out[row + i] = Number.isFinite(score) ? score : Number.NaN;
    }
  }
}

function sharedMeans(inputs: FactorInputs, workspace: FactorWorkspace, window: number): Float64Array {
  const { nDates, nSymbols, close } = inputs.panel;
  return workspace.share({
    source: close,
    key: `rolling mean over ${nDates} x ${nSymbols}, window ${window}`,
    length: nDates * nSymbols,
    fill: (means) =>
      rollingMean({ input: close, inputOffset: 0, inputStride: nSymbols, output: means, outputOffset: 0, outputStride: nSymbols, length: nDates, width: nSymbols, window }),
  });
}
