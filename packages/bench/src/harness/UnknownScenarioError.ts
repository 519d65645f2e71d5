import { WfError } from '@wf/engine';

/** `--scenarios` (or `--plant-difference`) named a scenario that does not exist. */
export class UnknownScenarioError extends WfError {
  readonly scenario: string;
  readonly known: readonly string[];

  constructor(facts: { scenario: string; known: readonly string[] }) {
    super('BENCH_UNKNOWN_SCENARIO', `unknown scenario "${facts.scenario}"; expected one of ${facts.known.join(', ')} (or a group: walk-forward, optimizer, optimizer-<name>)`);
    this.scenario = facts.scenario;
    this.known = facts.known;
  }
}
