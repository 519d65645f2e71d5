import { WfError } from '@wf/engine';

/** A process of a benchmark scenario failed (non-zero exit): the scenario has no figures. */
export class ScenarioFailedError extends WfError {
  readonly scenario: string;
  readonly exitCode: number | null;
  readonly stderrTail: string;

  constructor(facts: { scenario: string; command: string; exitCode: number | null; signal: string | null; stderrTail: string }) {
    super(
      'BENCH_SCENARIO_FAILED',
      `scenario ${facts.scenario}: \`${facts.command}\` exited with ${facts.signal ?? `code ${facts.exitCode}`}; expected success. stderr: ${facts.stderrTail.trim() || '(empty)'}`,
    );
    this.scenario = facts.scenario;
    this.exitCode = facts.exitCode;
    this.stderrTail = facts.stderrTail;
  }
}

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
