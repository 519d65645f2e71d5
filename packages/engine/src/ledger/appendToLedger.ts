import { writeFileAtomic } from '../util/writeFileAtomic.js';
import { formatLedgerRow } from './formatLedgerRow.js';
import { LedgerError } from '../errors.js';
import { withLedgerLock } from './LedgerLock.js';
import type { LedgerLockOptions } from './LedgerLock.js';
import { isIsoDate } from './parseLedger.js';
import { readLedger } from './readLedger.js';
import { LEDGER_HEADER } from './TrialLedger.js';
import type { LedgerRow, LedgerTrial } from './TrialLedger.js';

export type AppendToLedgerOptions = {
  readonly path: string;
  /** Tonight's trials in the order to append (factor id order, then candidate order). */
  readonly trials: readonly LedgerTrial[];
  /** first_seen of the new rows, `YYYY-MM-DD`. */
  readonly firstSeen: string;
  readonly lock?: LedgerLockOptions;
};

/**
 * Appends one row per distinct trial not yet in the ledger (compared by factor and params),
 * in the given order, with first_seen = `firstSeen` (PROTOCOL section 8b). Under the lock
 * every writer shares it re-reads the ledger, then writes the old bytes (a missing final
 * newline added; the header when the file was missing or empty) plus the new rows to a
 * temp file in the same folder, fsyncs it and renames it over the ledger. When nothing is
 * new the file is not rewritten. Returns the rows appended.
 * @throws LedgerError on a malformed ledger, an invalid date, a lock held too long or a failed write.
 */
export function appendToLedger(options: AppendToLedgerOptions): LedgerRow[] {
  const { path, trials, firstSeen } = options;
  if (!isIsoDate(firstSeen)) throw new LedgerError({ file: path, problem: `first_seen ${JSON.stringify(firstSeen)} is not a YYYY-MM-DD date` });
  return withLedgerLock(
    path,
    () => {
      const { text, rows } = readLedger(path);
      const seen = new Set(rows.map((row) => trialKey(row)));
      const added: LedgerRow[] = [];
      for (const trial of trials) {
        const key = trialKey(trial);
        if (seen.has(key)) continue;
        seen.add(key);
        added.push({ factor: trial.factor, params: trial.params, firstSeen });
      }
      if (added.length === 0) return added;
      const head = text.length === 0 ? `${LEDGER_HEADER}\n` : text.endsWith('\n') ? text : `${text}\n`;
      try {
        writeFileAtomic(path, `${head}${added.map(formatLedgerRow).join('')}`, { fsync: true });
      } catch (error) {
        throw new LedgerError({ file: path, problem: 'cannot write it', cause: error });
      }
      return added;
    },
    options.lock,
  );
}

function trialKey(trial: LedgerTrial): string {
  return JSON.stringify([trial.factor, trial.params]);
}
