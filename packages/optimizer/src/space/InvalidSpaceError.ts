import { WfError } from '@wf/engine';

/** One problem of a space definition: where (`params.lookback.step`) and what is wrong. */
export type SpaceProblem = { readonly keyPath: string; readonly problem: string };

/** A parameter space definition (space file or config `space`) is invalid; every problem is listed. */
export class InvalidSpaceError extends WfError {
  readonly source: string;
  readonly problems: readonly SpaceProblem[];

  constructor(options: { source: string; problems: readonly SpaceProblem[]; cause?: unknown }) {
    const list = options.problems.map((p) => (p.keyPath === '' ? p.problem : `${p.keyPath}: ${p.problem}`)).join('; ');
    super('INVALID_SPACE', `invalid parameter space in ${options.source}: ${list}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.source = options.source;
    this.problems = options.problems;
  }
}
