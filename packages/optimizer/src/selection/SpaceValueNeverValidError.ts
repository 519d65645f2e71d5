import { WfError } from '@wf/engine';
import type { ParamValue } from '@wf/engine';

/**
 * A negative value of a config factor's `space` list, for a parameter whose default is not
 * negative, that fails the factor's constraints in every combination with the other lists
 * (a lookback of -5): it can never become a candidate and is a typo rather than a
 * constraint at work, so it is refused instead of dropped silently (PROTOCOL section 7 drops
 * invalid combinations).
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
