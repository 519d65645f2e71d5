import { WfError } from '../../errors/WfError.js';

/** A parameter name that the factor does not declare in its defaults (PROTOCOL sections 3, 10). */
export class UnknownParamError extends WfError {
  readonly factorId: string;
  readonly param: string;
  /** The factor's parameter names, sorted by code point. */
  readonly knownParams: readonly string[];

  constructor(options: { factorId: string; param: string; knownParams: readonly string[] }) {
    const known = options.knownParams.length === 0 ? 'it takes no parameters' : `expected one of ${options.knownParams.join(', ')}`;
    super('FACTOR_PARAM_UNKNOWN', `factor "${options.factorId}" has no parameter "${options.param}": ${known}`);
    this.factorId = options.factorId;
    this.param = options.param;
    this.knownParams = options.knownParams;
  }
}
