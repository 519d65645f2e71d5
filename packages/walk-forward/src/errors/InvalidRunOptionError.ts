import { WfError } from '@wf/engine';

/** A run option with a bad value (e.g. `--heartbeat-every 0`, `--resume` with `--force`). */
export class InvalidRunOptionError extends WfError {
  readonly option: string;
  readonly value: string;

  constructor(facts: { option: string; value: unknown; expected: string }) {
    super('INVALID_RUN_OPTION', `${facts.option} ${String(facts.value)} is invalid; expected ${facts.expected}`);
    this.option = facts.option;
    this.value = String(facts.value);
  }
}
