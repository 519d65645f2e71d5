import { WfError } from '../../errors/WfError.js';

/** A factor id registered twice (a user module reusing a built-in or an earlier module's id). */
export class DuplicateFactorError extends WfError {
  readonly factorId: string;
  /** The user module that brought the second definition, or null when registered directly. */
  readonly modulePath: string | null;

  constructor(factorId: string, modulePath: string | null = null) {
    const source = modulePath === null ? '' : ` (from factor module ${modulePath})`;
    super('FACTOR_DUPLICATE', `factor "${factorId}" is already registered${source}`);
    this.factorId = factorId;
    this.modulePath = modulePath;
  }
}
