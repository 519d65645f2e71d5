/**
 * Base of every known failure in the project. A CLI prints `message` on one line and
 * exits 2 for any WfError; anything else is a bug and gets its stack printed.
 * Subclasses set a stable `code` and keep the facts as fields.
 */
export class WfError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `error` is one of the project's known failures (a one-line message suffices). */
export function isWfError(error: unknown): error is WfError {
  return error instanceof WfError;
}
