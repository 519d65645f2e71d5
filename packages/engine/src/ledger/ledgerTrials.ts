import type { LedgerRow } from './TrialLedger.js';

/** A factor of tonight's run with its candidates' canonical params text. */
export type TonightFactor = {
  readonly id: string;
  readonly candidates: readonly string[];
};

/**
 * Tonight's trial count N per factor (PROTOCOL section 8b): the number of distinct params
 * (compared as text) among the factor's ledger rows and tonight's candidates. Rows of
 * factors not in `factors` are ignored.
 */
export function ledgerTrials(rows: readonly LedgerRow[], factors: readonly TonightFactor[]): Map<string, number> {
  const trials = new Map<string, number>();
  for (const factor of factors) {
    const params = new Set<string>(factor.candidates);
    for (const row of rows) if (row.factor === factor.id) params.add(row.params);
    trials.set(factor.id, params.size);
  }
  return trials;
}
