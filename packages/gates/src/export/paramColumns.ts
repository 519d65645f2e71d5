import type { ExportColumn, ExportColumnType } from './ExportTable.js';

const INT32_MAX = 2 ** 31 - 1;

/**
 * One typed column per parameter of a canonical params column (PROTOCOL section 7,
 * `key=value` pairs joined by `;`), named `<prefix><key>` in key order: INT32 when every value
 * is an integer in range, DOUBLE when every value is a number, BOOLEAN for true/false, else
 * STRING. A row without the key (another factor's params) is null.
 */
export function paramColumns(params: readonly (string | null)[], prefix = 'param_'): ExportColumn[] {
  const parsed = params.map((text) => {
    const pairs = new Map<string, string>();
    if (text === null || text === '') return pairs;
    for (const pair of text.split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) pairs.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return pairs;
  });
  const keys = [...new Set(parsed.flatMap((pairs) => [...pairs.keys()]))].sort();
  return keys.map((key) => {
    const texts = parsed.map((pairs) => pairs.get(key) ?? null);
    const present = texts.filter((t): t is string => t !== null);
    const type = paramType(present);
    const values = texts.map((t) => (t === null ? null : type === 'STRING' ? t : type === 'BOOLEAN' ? t === 'true' : Number(t)));
    return { name: `${prefix}${key}`, type, values };
  });
}

function paramType(values: readonly string[]): ExportColumnType {
  if (values.length > 0 && values.every((v) => v === 'true' || v === 'false')) return 'BOOLEAN';
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  if (values.length === 0 || !numeric) return 'STRING';
  return values.every((v) => Number.isInteger(Number(v)) && Math.abs(Number(v)) <= INT32_MAX) ? 'INT32' : 'DOUBLE';
}
