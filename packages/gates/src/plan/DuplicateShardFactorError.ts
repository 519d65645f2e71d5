import { WfError } from '@wf/engine';

/** The same factor id given twice to the shard planner. */
export class DuplicateShardFactorError extends WfError {
  readonly factorId: string;

  constructor(factorId: string) {
    super('DUPLICATE_SHARD_FACTOR', `factor "${factorId}" is listed twice; each factor belongs to exactly one shard`);
    this.factorId = factorId;
  }
}
