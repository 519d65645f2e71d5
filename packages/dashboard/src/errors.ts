import { WfError } from '@wf/engine';

/** A `wf-dashboard` option with a bad value (a runs folder that is not a folder, a port out of range). */
export class DashboardOptionError extends WfError {
  readonly option: string;

  constructor(facts: { option: string; problem: string }) {
    super('DASHBOARD_OPTION', `${facts.option}: ${facts.problem}`);
    this.option = facts.option;
  }
}
