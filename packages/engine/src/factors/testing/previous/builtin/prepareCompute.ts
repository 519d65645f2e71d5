import type { FactorDefinition, FactorInputs, FactorParams } from '../../../FactorDefinition.js';
import { InvalidParamsError } from '../../../../errors.js';

/**
 * Common entry checks of a built-in `compute`: the parameters must pass `factor.validate`
 * (else InvalidParamsError), and `returns` and `out` must have the panel's T x N cells
 * (else RangeError, a caller bug).
 */
export function prepareCompute(factor: FactorDefinition, inputs: FactorInputs, params: FactorParams, out: Float64Array): void {
  const reason = factor.validate(params);
  if (reason !== null) throw new InvalidParamsError(factor.id, reason);
  const cells = inputs.panel.nDates * inputs.panel.nSymbols;
  if (out.length !== cells) throw new RangeError(`score buffer has ${out.length} cells, expected ${cells} (nDates x nSymbols)`);
  if (inputs.returns.length !== cells) {
    throw new RangeError(`returns have ${inputs.returns.length} cells, expected ${cells} (nDates x nSymbols)`);
  }
}
