import { WfError } from '@wf/engine';

/** A sweep option has a bad value (`option` names it as the CLI flag does, e.g. `budget`). */
export class InvalidSweepOptionsError extends WfError {
  readonly option: string;

  constructor(option: string, problem: string) {
    super('INVALID_SWEEP_OPTIONS', `--${option}: ${problem}`);
    this.option = option;
  }
}
