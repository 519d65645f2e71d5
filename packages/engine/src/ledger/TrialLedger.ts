/** The header of a trial ledger CSV, exactly (PROTOCOL section 8b). */
export const LEDGER_HEADER = 'factor,params,first_seen';

/** One ledger row: a parameter set of a factor and the run date it was first evaluated. */
export type LedgerRow = {
  readonly factor: string;
  /** Canonical params text (PROTOCOL section 7), compared as text. */
  readonly params: string;
  /** `YYYY-MM-DD`. */
  readonly firstSeen: string;
};

/** A candidate to record: a factor's params in canonical text. */
export type LedgerTrial = {
  readonly factor: string;
  readonly params: string;
};
