import { WfError } from '@wf/engine';

/** The output folder or one of its files cannot be created, read or written. */
export class OutputDirError extends WfError {
  readonly path: string;
  readonly operation: string;

  constructor(facts: { path: string; operation: string; cause?: unknown }) {
    const reason = (facts.cause as { code?: unknown } | undefined)?.code;
    super(
      'OUTPUT_DIR_IO',
      `cannot ${facts.operation} ${facts.path}${typeof reason === 'string' ? ` (${reason})` : ''}`,
      facts.cause === undefined ? undefined : { cause: facts.cause },
    );
    this.path = facts.path;
    this.operation = facts.operation;
  }
}
