import { WfError, quoteText } from '@wf/engine';

/** A number flag given a value that is not a number (`--wf-shards abc`); yargs would pass NaN on. */
export class FlagValueError extends WfError {
  /** The flag as typed, `--wf-shards`. */
  readonly flag: string;
  /** The text given, or null when the flag had no value. */
  readonly value: string | null;

  constructor(facts: { flag: string; value: string | null }) {
    const got = facts.value === null ? 'nothing' : quoteText(facts.value);
    super('CLI_FLAG_NOT_A_NUMBER', `${facts.flag} expects a number, got ${got} (see --help)`);
    this.flag = facts.flag;
    this.value = facts.value;
  }
}
