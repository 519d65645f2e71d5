import { WfError } from '../../errors/WfError.js';

/** A user factor module named in the config does not exist (PROTOCOL section 3, user factors). */
export class FactorModuleNotFoundError extends WfError {
  readonly modulePath: string;

  constructor(modulePath: string, options?: { cause?: unknown }) {
    super('FACTOR_MODULE_NOT_FOUND', `factor module ${modulePath} does not exist`, options);
    this.modulePath = modulePath;
  }
}
