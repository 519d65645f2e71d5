import { WfError } from '../errors/WfError.js';

/** A trial ledger that cannot be read, parsed, locked or written (PROTOCOL section 8b). */
export class LedgerError extends WfError {
  readonly file: string;
  /** 1-based line of a malformed row, or null when the problem is not one line's. */
  readonly line: number | null;
  readonly problem: string;

  constructor(facts: { file: string; line?: number | null; problem: string; cause?: unknown }) {
    const where = facts.line == null ? facts.file : `${facts.file}:${facts.line}`;
    super('LEDGER_INVALID', `trial ledger ${where}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.file = facts.file;
    this.line = facts.line ?? null;
    this.problem = facts.problem;
  }
}
