import { readFileSync } from 'node:fs';
import { LedgerError } from '../errors.js';
import { parseLedger } from './parseLedger.js';
import type { LedgerRow } from './TrialLedger.js';

/** A ledger file's bytes as text ('' when it does not exist) and its rows. */
export type LedgerContents = {
  readonly text: string;
  readonly rows: LedgerRow[];
};

/**
 * Reads and parses a trial ledger (PROTOCOL section 8b): a missing or empty file is an
 * empty ledger.
 * @throws LedgerError on a malformed row (file and line) or an unreadable file.
 */
export function readLedger(path: string): LedgerContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', rows: [] };
    throw new LedgerError({ file: path, problem: 'cannot read it', cause: error });
  }
  return { text, rows: parseLedger(text, path) };
}
