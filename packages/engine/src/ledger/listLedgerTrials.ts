import type { LedgerRow } from './TrialLedger.js';

/** One distinct trial of a factor and the earliest date it was seen. */
export type LedgerTrialSummary = {
  readonly factor: string;
  readonly params: string;
  readonly firstSeen: string;
};

/**
 * The distinct (factor, params) trials of a ledger (PROTOCOL section 8b: rows are a set),
 * each with its earliest first_seen, for one factor or all (`factor` null), ordered by
 * factor (code-point order), then first_seen, then the order of first appearance.
 */
export function listLedgerTrials(rows: readonly LedgerRow[], factor: string | null): LedgerTrialSummary[] {
  const byKey = new Map<string, { factor: string; params: string; firstSeen: string; order: number }>();
  for (const row of rows) {
    if (factor !== null && row.factor !== factor) continue;
    const key = JSON.stringify([row.factor, row.params]);
    const found = byKey.get(key);
    if (found === undefined) byKey.set(key, { factor: row.factor, params: row.params, firstSeen: row.firstSeen, order: byKey.size });
    else if (row.firstSeen < found.firstSeen) found.firstSeen = row.firstSeen;
  }
  return [...byKey.values()]
    .sort((a, b) => (a.factor < b.factor ? -1 : a.factor > b.factor ? 1 : a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.order - b.order))
    .map(({ factor: f, params, firstSeen }) => ({ factor: f, params, firstSeen }));
}
