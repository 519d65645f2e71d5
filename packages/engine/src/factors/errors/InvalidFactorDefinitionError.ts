import { WfError } from '../../errors/WfError.js';

/** An object offered as a FactorDefinition lacks a required member or has a bad one. */
export class InvalidFactorDefinitionError extends WfError {
  /** The definition's id when it has a string one, else null. */
  readonly factorId: string | null;
  /** What is wrong, e.g. `compute must be a function`. */
  readonly reason: string;
  /** The user module that exported it, or null when registered directly. */
  readonly modulePath: string | null;

  constructor(options: { factorId: string | null; reason: string; modulePath: string | null }) {
    const what = options.factorId === null ? 'factor definition' : `factor definition "${options.factorId}"`;
    const source = options.modulePath === null ? '' : ` in factor module ${options.modulePath}`;
    super('FACTOR_DEFINITION_INVALID', `invalid ${what}${source}: ${options.reason}`);
    this.factorId = options.factorId;
    this.reason = options.reason;
    this.modulePath = options.modulePath;
  }
}
