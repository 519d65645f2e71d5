import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { ema } from '../kernels/ema.js';
import { integerParam, integerParamProblem } from './integerParam.js';
import { prepareCompute } from './prepareCompute.js';
import { SYMBOL_BLOCK } from './symbolBlock.js';

/**
 * MACD histogram over price (PROTOCOL section 3): (M[t] - EMA_signal(M)[t]) / C[t] with
 * M[t] = EMA_fast(C)[t] - EMA_slow(C)[t], set to NaN where C[t] is not finite; EMA as in the
 * protocol (seeded at the first finite value, carried through gaps, NaN until n finite
 * values). Params: fast 12, slow 26, signal 9 (integers >= 1, fast < slow).
 */
export const macd: FactorDefinition = {
  id: 'macd',
  description: 'MACD histogram (MACD line minus its signal EMA) divided by the close',
  defaults: Object.freeze({ fast: 12, slow: 26, signal: 9 }),
  costHint: 2,
  validate(params: FactorParams): string | null {
    const problem =
      integerParamProblem(params, 'fast', 1) ?? integerParamProblem(params, 'slow', 1) ?? integerParamProblem(params, 'signal', 1);
    if (problem !== null) return problem;
    const fast = integerParam(params, 'fast');
    const slow = integerParam(params, 'slow');
    return fast < slow ? null : `fast (${fast}) must be less than slow (${slow})`;
  },
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
    prepareCompute(macd, inputs, params, out);
    const { nDates, nSymbols, close } = inputs.panel;
    const fast = integerParam(params, 'fast');
    const slow = integerParam(params, 'slow');
    const signal = integerParam(params, 'signal');
    const fastEma = new Float64Array(nDates * SYMBOL_BLOCK);
    const slowEma = new Float64Array(nDates * SYMBOL_BLOCK);
    const line = new Float64Array(nDates * SYMBOL_BLOCK);
    for (let first = 0; first < nSymbols; first += SYMBOL_BLOCK) {
      const width = Math.min(SYMBOL_BLOCK, nSymbols - first);
      ema({ input: close, inputOffset: first, inputStride: nSymbols, output: fastEma, outputOffset: 0, outputStride: width, length: nDates, width, span: fast });
      ema({ input: close, inputOffset: first, inputStride: nSymbols, output: slowEma, outputOffset: 0, outputStride: width, length: nDates, width, span: slow });
      for (let t = 0; t < nDates; t++) {
        const row = t * nSymbols + first;
        for (let j = 0; j < width; j++) {
          const k = t * width + j;
          line[k] = Number.isFinite(close[row + j]!) ? fastEma[k]! - slowEma[k]! : Number.NaN;
        }
      }
      // The signal EMA of the MACD line reuses fastEma, no longer needed.
      ema({ input: line, inputOffset: 0, inputStride: width, output: fastEma, outputOffset: 0, outputStride: width, length: nDates, width, span: signal });
      for (let t = 0; t < nDates; t++) {
        const row = t * nSymbols + first;
        for (let j = 0; j < width; j++) {
          const k = t * width + j;
          const score = (line[k]! - fastEma[k]!) / close[row + j]!;
          out[row + j] = Number.isFinite(score) ? score : Number.NaN;
        }
      }
    }
  },
};
