import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseResultLine } from '@wf/optimizer';
import { RunFileError } from '@wf/walk-forward';
import { ExportInputError } from '../errors.js';
import type { ExportColumn, ExportColumnType, ExportTable, ExportValue } from './ExportTable.js';
import { paramColumns } from './paramColumns.js';

/** The section 5 metrics of a result line, as columns (quantile means follow as q1..qQ). */
const METRICS: readonly [string, ExportColumnType][] = [
  ['days', 'INT32'],
  ['total_return', 'DOUBLE'],
  ['ann_return', 'DOUBLE'],
  ['ann_vol', 'DOUBLE'],
  ['sharpe', 'DOUBLE'],
  ['max_drawdown', 'DOUBLE'],
  ['turnover', 'DOUBLE'],
  ['hit_rate', 'DOUBLE'],
  ['mean_ic', 'DOUBLE'],
  ['ic_std', 'DOUBLE'],
  ['ic_tstat', 'DOUBLE'],
  ['universe_mean', 'DOUBLE'],
];

/**
 * A sweep's `results.ndjson` (wf-optimize) as one typed table `results`, read line by line:
 * ordinal, index, signature, params, portfolio, status, objective, daily_sharpe, the section 5
 * metrics (null unless OK), q1..qQ, error, dominated_by, then one typed column per parameter
 * (`param_<key>`) and per swept portfolio setting (`portfolio_<key>`). A torn last line (a
 * sweep still writing) is left out.
 * @throws RunFileError when unreadable; ExportInputError naming the line of a malformed record
 */
export async function readSweepResults(path: string): Promise<ExportTable> {
  const rows: Record<string, unknown>[] = [];
  let quantiles = 0;
  let lineNumber = 0;
  let pending: string | null = null;
  try {
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNumber++;
      if (pending !== null) rows.push(parseLine(path, pending, lineNumber - 1));
      pending = line;
    }
  } catch (error) {
    if (error instanceof ExportInputError) throw error;
    throw new RunFileError({ path, operation: 'read', cause: error });
  }
  // The last line counts only when it parses (a sweep that is still running may have torn it).
  if (pending !== null && pending.trim() !== '' && parseResultLine(pending) !== null) rows.push(parseLine(path, pending, lineNumber));
  for (const row of rows) quantiles = Math.max(quantiles, (row['quantile_means'] as number[] | undefined)?.length ?? 0);

  const column = (name: string, type: ExportColumnType, get: (row: Record<string, unknown>) => unknown): ExportColumn => ({
    name,
    type,
    values: rows.map((row) => toValue(get(row))),
  });
  const metrics = (row: Record<string, unknown>): Record<string, unknown> => (row['metrics'] as Record<string, unknown> | null) ?? {};
  const columns: ExportColumn[] = [
    column('ordinal', 'INT32', (r) => r['ordinal']),
    column('index', 'INT64', (r) => r['index']),
    column('signature', 'STRING', (r) => r['signature']),
    column('params', 'STRING', (r) => r['params']),
    column('portfolio', 'STRING', (r) => r['portfolio']),
    column('status', 'STRING', (r) => r['status']),
    column('objective', 'DOUBLE', (r) => r['objective']),
    column('daily_sharpe', 'DOUBLE', (r) => r['daily_sharpe']),
    ...METRICS.map(([name, type]) => column(name, type, (r) => metrics(r)[name])),
    ...Array.from({ length: quantiles }, (_, q) => column(`q${q + 1}`, 'DOUBLE', (r) => (metrics(r)['quantile_means'] as unknown[] | undefined)?.[q])),
    column('error', 'STRING', (r) => r['error']),
    column('dominated_by', 'STRING', (r) => r['dominated_by']),
  ];
  columns.push(...paramColumns(rows.map((r) => (r['params'] as string | null) ?? null)));
  columns.push(...paramColumns(rows.map((r) => (r['portfolio'] as string | null) ?? null), 'portfolio_'));
  return { name: 'results', rowCount: rows.length, columns };
}

function parseLine(path: string, line: string, lineNumber: number): Record<string, unknown> {
  if (parseResultLine(line) === null) throw new ExportInputError({ file: path, problem: `line ${lineNumber} is not a result record` });
  const row = JSON.parse(line) as Record<string, unknown>;
  const metrics = row['metrics'] as Record<string, unknown> | null;
  if (metrics !== null && metrics !== undefined) row['quantile_means'] = metrics['quantile_means'];
  return row;
}

/** A JSON value as a column value: null and undefined are null, numbers and text as they are. */
function toValue(value: unknown): ExportValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
