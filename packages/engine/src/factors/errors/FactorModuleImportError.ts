import { WfError } from '../../errors/WfError.js';

/** A user factor module could not be imported: a relative path, a syntax error, or a throw at load. */
export class FactorModuleImportError extends WfError {
  readonly modulePath: string;
  readonly reason: string;

  constructor(options: { modulePath: string; reason: string; cause?: unknown }) {
    super('FACTOR_MODULE_IMPORT', `cannot import factor module ${options.modulePath}: ${options.reason}`, { cause: options.cause });
    this.modulePath = options.modulePath;
    this.reason = options.reason;
  }
}
