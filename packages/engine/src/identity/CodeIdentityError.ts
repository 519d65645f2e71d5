import { WfError } from '../errors/WfError.js';

/**
 * The code of a user factor module cannot be identified: a file cannot be read or lexed, or
 * an import names something that cannot be followed statically (`import(variable)`, a `#`
 * subpath import). Refused rather than guessed, since a cache key must name all the code.
 */
export class CodeIdentityError extends WfError {
  readonly modulePath: string;
  readonly file: string;
  readonly reason: string;

  constructor(facts: { modulePath: string; file: string; reason: string; cause?: unknown }) {
    super('CODE_IDENTITY', `cannot identify the code of factor module ${facts.modulePath}: ${facts.file}: ${facts.reason}`, {
      cause: facts.cause,
    });
    this.modulePath = facts.modulePath;
    this.file = facts.file;
    this.reason = facts.reason;
  }
}
