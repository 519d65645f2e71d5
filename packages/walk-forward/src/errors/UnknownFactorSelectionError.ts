import { WfError } from '@wf/engine';

/** `--factors` names an id that the config does not list. */
export class UnknownFactorSelectionError extends WfError {
  readonly factorId: string;
  readonly configIds: readonly string[];

  constructor(facts: { factorId: string; configIds: readonly string[] }) {
    super(
      'UNKNOWN_FACTOR_SELECTION',
      `--factors names "${facts.factorId}", which the config does not list (config factors: ${facts.configIds.join(', ')})`,
    );
    this.factorId = facts.factorId;
    this.configIds = facts.configIds;
  }
}
