import { WfError } from '@wf/engine';

/** The config's factors differ from its freeze manifest (`freeze:` key); `diff` has one line per difference. */
export class FreezeMismatchError extends WfError {
  readonly freezePath: string;
  readonly diff: readonly string[];

  constructor(facts: { freezePath: string; diff: readonly string[] }) {
    super(
      'GATES_FREEZE_MISMATCH',
      `the config's factors differ from the freeze ${facts.freezePath} (${facts.diff.length} difference${facts.diff.length === 1 ? '' : 's'}): ${facts.diff.join('; ')}`,
    );
    this.freezePath = facts.freezePath;
    this.diff = facts.diff;
  }
}
