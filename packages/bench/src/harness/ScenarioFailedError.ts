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
