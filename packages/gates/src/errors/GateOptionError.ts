import { WfError } from '@wf/engine';

/** An orchestrator option (a `wf-gates` flag) with a value outside its range. */
export class GateOptionError extends WfError {
  readonly option: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(facts: { option: string; value: unknown; expected: string }) {
    super('GATES_OPTION_INVALID', `${facts.option} ${JSON.stringify(facts.value) ?? String(facts.value)} is invalid: expected ${facts.expected}`);
    this.option = facts.option;
    this.value = facts.value;
    this.expected = facts.expected;
  }
}
