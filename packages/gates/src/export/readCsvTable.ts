import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCsvRecords, RunFileError } from '@wf/walk-forward';
import { ExportInputError } from '../errors.js';
import type { ExportColumn, ExportColumnType, ExportTable, ExportValue } from './ExportTable.js';
import { paramColumns } from './paramColumns.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The column types of the run folder's tables (PROTOCOL section 9, plus the extra files of a
 * run): dates as DATE, counts as integers, figures as DOUBLE, `pass` as BOOLEAN. A column not
 * listed is STRING.
 */
const COLUMN_TYPES: Readonly<Record<string, Readonly<Record<string, ExportColumnType>>>> = {
  walk_forward_summary: {
    window: 'INT32',
    train_start: 'DATE',
    train_end: 'DATE',
    test_start: 'DATE',
    test_end: 'DATE',
    candidates: 'INT32',
    is_objective: 'DOUBLE',
    oos_days: 'INT32',
    ...doubles(['oos_total_return', 'oos_ann_return', 'oos_ann_vol', 'oos_sharpe', 'oos_max_drawdown', 'oos_turnover', 'oos_hit_rate', 'oos_mean_ic', 'oos_ic_tstat', 'oos_universe_mean']),
  },
  universe_audit: {
    window: 'INT32',
    start: 'DATE',
    end: 'DATE',
    symbols: 'INT32',
    eligible_mean: 'DOUBLE',
    eligible_min: 'INT32',
    eligible_max: 'INT32',
    scored_mean: 'DOUBLE',
    excluded_no_price: 'INT64',
    excluded_history: 'INT64',
    excluded_price: 'INT64',
    excluded_liquidity: 'INT64',
    excluded_rank: 'INT64',
  },
  oos_daily: { window: 'INT32', date: 'DATE', return: 'DOUBLE', ic: 'DOUBLE' },
  candidates: { window: 'INT32', candidate: 'INT32', is_objective: 'DOUBLE', train_daily_sharpe: 'DOUBLE', test_returns: 'DOUBLE_LIST' },
  oos_gaps: { window: 'INT32', listed_symbol_days: 'INT64', gap_symbol_days: 'INT64' },
  gate_report: {
    windows: 'INT32',
    oos_days: 'INT32',
    trials: 'INT32',
    pass: 'BOOLEAN',
    ...doubles(['oos_sharpe', 'oos_ann_return', 'oos_max_drawdown', 'oos_mean_ic', 'oos_ic_tstat', 'positive_window_frac', 'universe_mean', 'dsr', 'pbo', 'param_stability', 'oos_gap_frac']),
  },
  drift: { window: 'INT32' },
};

function doubles(names: readonly string[]): Record<string, ExportColumnType> {
  return Object.fromEntries(names.map((name) => [name, 'DOUBLE' as const]));
}

/**
 * A CSV table of a run folder with typed columns (COLUMN_TYPES; an empty field is null), plus
 * one typed `param_<key>` column per parameter when it has a `params` column.
 * @throws RunFileError when unreadable; ExportInputError naming file, line and column for a value of the wrong type
 */
export function readCsvTable(path: string): ExportTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunFileError({ path, operation: 'read', cause: error });
  }
  const name = basename(path).replace(/\.csv$/, '');
  const [header, ...records] = parseCsvRecords(text).records;
  if (header === undefined) throw new ExportInputError({ file: path, problem: 'it is empty (no header)' });
  const types = COLUMN_TYPES[name] ?? {};
  const columns: ExportColumn[] = header.fields.map((column, c) => {
    const type = types[column] ?? 'STRING';
    const values = records.map((record, r) => {
      const field = record.fields[c] ?? '';
      const value = parseField(type, field);
      if (value === undefined) throw new ExportInputError({ file: path, problem: `line ${r + 2}, column ${column}: expected ${describe(type)}, got "${field.slice(0, 120)}"` });
      return value;
    });
    return { name: column, type, values };
  });
  const params = columns.find((column) => column.name === 'params');
  if (params !== undefined) columns.push(...paramColumns(params.values as (string | null)[]));
  return { name, rowCount: records.length, columns };
}

/** The typed value of a field: null when empty (STRING: the text, '' included; DOUBLE_LIST: no item), undefined when malformed. */
export function parseField(type: ExportColumnType, field: string): ExportValue | undefined {
  if (type === 'STRING') return field;
  if (type === 'DOUBLE_LIST') {
    if (field === '') return [];
    const items = field.split(';').map((item) => (item === '' ? null : Number(item)));
    return items.some((x) => x !== null && Number.isNaN(x)) ? undefined : items;
  }
  if (field === '') return null;
  switch (type) {
    case 'DATE':
      return DATE.test(field) && !Number.isNaN(Date.parse(`${field}T00:00:00Z`)) ? field : undefined;
    case 'BOOLEAN':
      return field === 'true' ? true : field === 'false' ? false : undefined;
    case 'DOUBLE': {
      const x = Number(field);
      return Number.isNaN(x) && field !== 'NaN' ? undefined : x;
    }
    default: {
      const x = Number(field);
      return Number.isSafeInteger(x) && (type === 'INT64' || Math.abs(x) < 2 ** 31) ? x : undefined;
    }
  }
}

function describe(type: ExportColumnType): string {
  const expected: Record<ExportColumnType, string> = {
    STRING: 'text',
    INT32: 'a 32-bit integer',
    INT64: 'an integer',
    DOUBLE: 'a number',
    BOOLEAN: 'true or false',
    DATE: 'a date YYYY-MM-DD',
    DOUBLE_LIST: 'numbers joined by ;',
  };
  return expected[type];
}
