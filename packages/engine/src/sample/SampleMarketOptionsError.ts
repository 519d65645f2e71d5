import { WfError } from '../errors/WfError.js';

/** An option of the synthetic market generator is out of range. */
export class SampleMarketOptionsError extends WfError {
  readonly option: string;
  readonly value: unknown;

  constructor(options: { option: string; value: unknown; expected: string }) {
    super('SAMPLE_OPTION_INVALID', `invalid sample market option ${options.option}=${String(options.value)}: expected ${options.expected}`);
    this.option = options.option;
    this.value = options.value;
  }
}
