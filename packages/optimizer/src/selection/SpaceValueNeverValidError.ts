import { WfError } from '@wf/engine';
import type { ParamValue } from '@wf/engine';

/**
 * A value of a config factor's `space` list that fails the factor's constraints in every
 * combination with the other lists (a negative lookback, say): it can never become a
 * candidate, so it is a mistake in the config rather than a constraint at work
 * (PROTOCOL section 7 drops invalid combinations, not values that are never valid).
 */
export class SpaceValueNeverValidError extends WfError {
  readonly factorId: string;
  readonly param: string;
  /** 0-based position of the value in its list. */
  readonly index: number;
  readonly value: ParamValue;
  /** The factor's constraint message for the first combination that held the value. */
  readonly reason: string;

  constructor(facts: { factorId: string; param: string; index: number; value: ParamValue; reason: string }) {
    super(
      'SPACE_VALUE_NEVER_VALID',
      `factor ${facts.factorId}: space.${facts.param}[${facts.index}] = ${JSON.stringify(facts.value)} fails the factor's constraints ` +
        `in every combination (${facts.reason}); remove or correct it`,
    );
    this.factorId = facts.factorId;
    this.param = facts.param;
    this.index = facts.index;
    this.value = facts.value;
    this.reason = facts.reason;
  }
}
