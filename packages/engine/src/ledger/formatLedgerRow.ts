import type { LedgerRow } from './TrialLedger.js';

/** One ledger line with its LF; a field holding a comma, quote or line break is quoted (RFC 4180). */
export function formatLedgerRow(row: LedgerRow): string {
  return `${[row.factor, row.params, row.firstSeen].map(quoteField).join(',')}\n`;
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
