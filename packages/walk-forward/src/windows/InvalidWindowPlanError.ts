import { WfError } from '@wf/engine';

/** A window length of PROTOCOL section 6 that cannot give a plan (zero or negative, or not an integer). */
export class InvalidWindowPlanError extends WfError {
  readonly key: string;
  readonly value: number;
  readonly min: number;

  constructor(facts: { key: string; value: number; min: number }) {
    super('INVALID_WINDOW_PLAN', `windows.${facts.key} is ${String(facts.value)}; expected an integer >= ${facts.min}`);
    this.key = facts.key;
    this.value = facts.value;
    this.min = facts.min;
  }
}
