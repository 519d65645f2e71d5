import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_GATE_THRESHOLDS, generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { runOptimization } from '@wf/optimizer';
import { parseCsvRecords, runWalkForward } from '@wf/walk-forward';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportInputError, GateOptionError } from '../errors.js';
import { computeGateReportFromDir, formatGateReportCsv } from '../report/computeGateReport.js';
import type { ExportColumnType } from './ExportTable.js';
import { exportRunTables } from './exportRunTables.js';
import { readCsvTable } from './readCsvTable.js';

/** How DuckDB, an independent reader, names each exported type. */
const DUCKDB_TYPES: Record<ExportColumnType, string> = {
  STRING: 'VARCHAR',
  INT32: 'INTEGER',
  INT64: 'BIGINT',
  DOUBLE: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  DOUBLE_LIST: 'DOUBLE[]',
};

let dir = '';
let db: DuckDBInstance;
let duck: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wf-export-'));
  writeSampleMarket({ dir: join(dir, 'prices'), market: generateSampleMarket({ symbols: 40, days: 420, seed: 11 }) });
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'data: { prices: prices }',
      'universe: { min_history: 20, min_price: 1, min_dollar_volume: 0 }',
      'windows: { warmup_days: 60, train_days: 120, test_days: 60 }',
      'portfolio: { quantiles: 4, min_names: 8 }',
      'factors:',
      '  - { id: momentum, space: { lookback: [20, 40], skip: [0, 5] } }',
      '  - { id: reversal, params: { lookback: 5 } }',
      '',
    ].join('\n'),
  );
  const run = join(dir, 'run');
  await runWalkForward({ configPath: join(dir, 'config.yaml'), outDir: run, cacheDir: join(dir, 'cache'), workers: 1 });
  writeFileSync(join(run, 'gate_report.csv'), formatGateReportCsv(computeGateReportFromDir({ dir: run, thresholds: DEFAULT_GATE_THRESHOLDS })));
  await runOptimization({
    configPath: join(dir, 'config.yaml'),
    factorId: 'momentum',
    pricesDir: null,
    spacePath: null,
    start: null,
    end: null,
    cacheDir: join(dir, 'cache'),
    strategy: 'grid',
    budget: null,
    seed: 1,
    workers: 0,
    timeoutMs: null,
    artifacts: { kind: 'none' },
    checkpointInterval: 50,
    outDir: join(dir, 'sweep'),
    resume: false,
    force: false,
    runDate: '2026-12-02',
  });
  db = await DuckDBInstance.create(':memory:');
  duck = await db.connect();
}, 120_000);
afterAll(() => {
  duck?.closeSync();
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

async function readParquet(path: string): Promise<{ types: Map<string, string>; rows: Record<string, unknown>[] }> {
  const described = await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  const types = new Map(described.getRowsJS().map((row) => [String(row[0]), String(row[1])]));
  const rows = (await duck.runAndReadAll(`SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS() as Record<string, unknown>[];
  return { types, rows };
}

/** A DuckDB value back as protocol CSV text (shortest round-trip numbers, dates YYYY-MM-DD, lists `;`-joined). */
function asCsvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(asCsvText).join(';');
  return String(value);
}

describe('exportRunTables', () => {
  it('writes every table of a run as typed Parquet that DuckDB reads back to the CSV text, cell by cell', async () => {
    const run = join(dir, 'run');
    const files = await exportRunTables({ dir: run, format: 'parquet', outDir: join(dir, 'parquet') });
    expect(files.map((f) => f.table)).toEqual(['oos_daily', 'candidates', 'oos_gaps', 'universe_audit', 'walk_forward_summary', 'gate_report']);
    for (const file of files) {
      const csv = parseCsvRecords(readFileSync(join(run, `${file.table}.csv`), 'utf8')).records.map((r) => r.fields);
      const [header, ...records] = csv;
      const table = readCsvTable(join(run, `${file.table}.csv`));
      const { types, rows } = await readParquet(file.path);
      expect(rows, file.table).toHaveLength(records.length);
      for (const column of table.columns) expect(types.get(column.name), `${file.table}.${column.name}`).toBe(DUCKDB_TYPES[column.type]);
      records.forEach((fields, r) => {
        header?.forEach((name, c) => {
          const value = rows[r]?.[name];
          const field = fields[c] ?? '';
          if (types.get(name) === 'DOUBLE' && field !== '') expect(value, `${file.table} row ${r} ${name}`).toBe(Number(field));
          else expect(asCsvText(value), `${file.table} row ${r} ${name}`).toBe(field);
        });
      });
    }
    // Dates are dates, and the params are also typed columns.
    const summary = await duck.runAndReadAll(
      `SELECT factor, "window", test_start - train_start AS days, param_lookback, param_skip, params FROM read_parquet('${join(dir, 'parquet', 'walk_forward_summary.parquet')}') ORDER BY factor, "window"`,
    );
    for (const [factor, , days, lookback, skip, params] of summary.getRowsJS()) {
      expect(Number(days)).toBeGreaterThan(120); // calendar days from train start to test start
      expect(params).toBe(factor === 'reversal' ? 'lookback=5' : `lookback=${String(lookback)};skip=${String(skip)}`);
      if (factor === 'reversal') expect(skip).toBeNull();
    }
  });

  it('writes the same typed columns as CSV: the original columns unchanged, then one per parameter', async () => {
    const run = join(dir, 'run');
    await exportRunTables({ dir: run, format: 'csv', outDir: join(dir, 'csv') });
    for (const name of ['walk_forward_summary', 'candidates', 'oos_daily', 'universe_audit', 'gate_report']) {
      const original = parseCsvRecords(readFileSync(join(run, `${name}.csv`), 'utf8')).records.map((r) => r.fields);
      const exported = parseCsvRecords(readFileSync(join(dir, 'csv', `${name}.csv`), 'utf8')).records.map((r) => r.fields);
      expect(exported.map((row) => row.slice(0, original[0]?.length)), name).toEqual(original);
    }
    const header = readFileSync(join(dir, 'csv', 'walk_forward_summary.csv'), 'utf8').split('\n')[0];
    expect(header?.endsWith(',oos_universe_mean,param_lookback,param_skip')).toBe(true);
  });

  it("exports a sweep's results.ndjson as one typed table with its metrics, quantiles and params", async () => {
    const files = await exportRunTables({ dir: join(dir, 'sweep'), format: 'parquet', outDir: join(dir, 'sweep-parquet') });
    expect(files.map((f) => f.table)).toEqual(['results']);
    const { types, rows } = await readParquet(files[0]?.path ?? '');
    const lines = readFileSync(join(dir, 'sweep', 'results.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(lines.length).toBe(4); // the 2 x 2 grid
    expect(rows).toHaveLength(lines.length);
    expect(types.get('param_lookback')).toBe('INTEGER');
    expect(types.get('q4')).toBe('DOUBLE');
    expect(types.get('days')).toBe('INTEGER');
    lines.forEach((line, r) => {
      expect(rows[r]?.['params']).toBe(line['params']);
      expect(rows[r]?.['status']).toBe(line['status']);
      expect(rows[r]?.['objective']).toBe(line['objective']);
      expect(rows[r]?.['sharpe']).toBe(line['metrics']?.sharpe ?? null);
      expect(rows[r]?.['q1']).toBe(line['metrics']?.quantile_means[0] ?? null);
      expect(`lookback=${String(rows[r]?.['param_lookback'])};skip=${String(rows[r]?.['param_skip'])}`).toBe(line['params']);
    });
  });

  it('refuses a folder with no table and names the file, line and column of a malformed value', async () => {
    await expect(exportRunTables({ dir: join(dir, 'prices'), format: 'parquet', outDir: join(dir, 'x') })).rejects.toThrow(GateOptionError);
    const bad = join(dir, 'bad');
    await exportRunTables({ dir: join(dir, 'run'), format: 'csv', outDir: bad }).catch(() => undefined);
    writeFileSync(join(bad, 'oos_daily.csv'), 'factor,window,date,return,ic\nmomentum,0,2020-13-45,0.1,\n');
    writeFileSync(join(bad, 'walk_forward_summary.csv'), readFileSync(join(dir, 'run', 'walk_forward_summary.csv')));
    const error = await exportRunTables({ dir: bad, format: 'parquet', outDir: join(bad, 'out') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportInputError);
    expect((error as Error).message).toBe(`cannot export ${join(bad, 'oos_daily.csv')}: line 2, column date: expected a date YYYY-MM-DD, got "2020-13-45"`);
  });
});
