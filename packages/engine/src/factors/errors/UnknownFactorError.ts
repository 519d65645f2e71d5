import { WfError } from '../../errors/WfError.js';

/** A factor id that no registered factor has (PROTOCOL section 3; user factors, section 3). */
export class UnknownFactorError extends WfError {
  readonly factorId: string;
  /** Every registered id, sorted by code point. */
  readonly knownIds: readonly string[];

  constructor(factorId: string, knownIds: readonly string[]) {
    super('FACTOR_UNKNOWN', `unknown factor "${factorId}": expected one of ${knownIds.join(', ')}`);
    this.factorId = factorId;
    this.knownIds = knownIds;
  }
}
