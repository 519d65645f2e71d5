import { LedgerError } from '../errors.js';
import { LEDGER_HEADER } from './TrialLedger.js';
import type { LedgerRow } from './TrialLedger.js';

/**
 * Parses a trial ledger's text (PROTOCOL section 8b): empty text is an empty ledger;
 * otherwise the first line is exactly `factor,params,first_seen` and every other line a
 * row of three fields (double quotes allowed around a field, `""` inside them), with a
 * non-empty factor and a valid `YYYY-MM-DD` first_seen. Lines end in LF (a CR before it is
 * tolerated); the final newline may be missing. Repeated rows are returned as they are
 * (the ledger is a set: callers compare by factor and params).
 * @throws LedgerError naming `file` and the 1-based line of the first malformed row.
 */
export function parseLedger(text: string, file: string): LedgerRow[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = stripCr(lines[0] ?? '');
  if (header !== LEDGER_HEADER) {
    throw new LedgerError({ file, line: 1, problem: `the header is ${JSON.stringify(header)}; expected exactly "${LEDGER_HEADER}"` });
  }
  const rows: LedgerRow[] = [];
  for (let l = 1; l < lines.length; l++) {
    const line = l + 1;
    const fields = splitCsvLine(stripCr(lines[l] as string));
    if (fields === null) throw new LedgerError({ file, line, problem: 'a quoted field is not closed' });
    if (fields.length !== 3) throw new LedgerError({ file, line, problem: `expected 3 fields (factor,params,first_seen), got ${fields.length}` });
    const [factor, params, firstSeen] = fields as [string, string, string];
    if (factor === '') throw new LedgerError({ file, line, problem: 'the factor is empty' });
    if (!isIsoDate(firstSeen)) throw new LedgerError({ file, line, problem: `first_seen ${JSON.stringify(firstSeen)} is not a YYYY-MM-DD date` });
    rows.push({ factor, params, firstSeen });
  }
  return rows;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One CSV line's fields (RFC 4180 quoting); null when a quote is not closed. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i];
        i++;
      }
      // Text after a closing quote, before the next comma, joins the field as it is.
      while (i < line.length && line[i] !== ',') field += line[i++];
    } else {
      while (i < line.length && line[i] !== ',') field += line[i++];
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
