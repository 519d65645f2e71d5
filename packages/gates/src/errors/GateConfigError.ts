import { WfError } from '@wf/engine';
import type { ConfigProblem } from '@wf/engine';

/**
 * A config the gate run refuses before starting any shard: every problem found (the
 * engine's config checks plus the factor registry's: unknown ids, bad params, empty
 * spaces), each with its key path, on one line separated by `; `.
 */
export class GateConfigError extends WfError {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(facts: { file: string; problems: readonly ConfigProblem[]; cause?: unknown }) {
    const listed = facts.problems.map((p) => (p.keyPath === '' ? p.problem : `${p.keyPath}: ${p.problem}`));
    const count = facts.problems.length === 1 ? '' : ` (${facts.problems.length} problems)`;
    super('GATES_CONFIG_INVALID', `config ${facts.file}${count}: ${listed.join('; ')}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.file = facts.file;
    this.problems = facts.problems;
  }
}
