import { WfError } from '../../errors/WfError.js';

/** A parameter set that breaks a factor's constraints (PROTOCOL section 3), e.g. skip >= lookback. */
export class InvalidParamsError extends WfError {
  readonly factorId: string;
  /** The factor's one-line reason, quoting the bad value(s). */
  readonly reason: string;

  constructor(factorId: string, reason: string) {
    super('FACTOR_PARAMS_INVALID', `invalid parameters for factor "${factorId}": ${reason}`);
    this.factorId = factorId;
    this.reason = reason;
  }
}
