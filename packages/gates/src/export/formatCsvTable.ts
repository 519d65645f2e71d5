import { csvText, formatNumber } from '@wf/walk-forward';
import type { ExportTable } from './ExportTable.js';

/**
 * A table as CSV text: header, then one row per record; numbers in shortest round-trip form
 * and null as an empty field (PROTOCOL section 9), dates as `YYYY-MM-DD`, booleans as true/false.
 */
export function formatCsvTable(table: ExportTable): string {
  const rows: string[][] = [table.columns.map((c) => c.name)];
  for (let r = 0; r < table.rowCount; r++) {
    rows.push(
      table.columns.map((column) => {
        const value = column.values[r] ?? null;
        if (value === null) return '';
        if (Array.isArray(value)) return value.map((x: number | null) => (x === null ? '' : formatNumber(x))).join(';');
        return typeof value === 'number' ? formatNumber(value) : String(value);
      }),
    );
  }
  return csvText(rows);
}
