import { WfError } from '../../errors/WfError.js';

/** A user factor module imported fine but does not export `factors` as an array of definitions. */
export class FactorModuleExportError extends WfError {
  readonly modulePath: string;
  readonly reason: string;

  constructor(modulePath: string, reason: string) {
    super('FACTOR_MODULE_EXPORT', `factor module ${modulePath} ${reason}: expected \`export const factors = [...]\` of FactorDefinition objects`);
    this.modulePath = modulePath;
    this.reason = reason;
  }
}
