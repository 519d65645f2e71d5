import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileWriteError, writeFileAtomic } from '@wf/engine';
import { SWEEP_FILES } from '@wf/optimizer';
import { PROTOCOL_FILES } from '@wf/walk-forward';
import { GateOptionError } from '../errors.js';
import type { ExportTable } from './ExportTable.js';
import { formatCsvTable } from './formatCsvTable.js';
import { readCsvTable } from './readCsvTable.js';
import { readSweepResults } from './readSweepResults.js';
import { writeParquetTable } from './writeParquetTable.js';

/** Export formats of `wf-export`. */
export const EXPORT_FORMATS = ['parquet', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The tables of a gate run folder exported besides the protocol files, when present. */
const RUN_EXTRA_FILES = ['gate_report.csv', 'drift.csv'] as const;

export type ExportRunTablesOptions = {
  /** A gate run folder, a walk-forward shard folder, or a sweep folder (wf-optimize's results.ndjson). */
  readonly dir: string;
  readonly format: ExportFormat;
  /** Where the files go (created); one `<table>.<format>` per table. */
  readonly outDir: string;
};

export type ExportedFile = { readonly table: string; readonly path: string; readonly rows: number; readonly columns: number };

/**
 * `wf-export`: every protocol table of a run folder (PROTOCOL section 9: the merged walk-forward
 * files, gate_report.csv, drift.csv) or a sweep's results as Parquet (typed: dates as DATE,
 * counts as integers, params also as one typed column per parameter) or as CSV with the same
 * columns. The run's own files are only read.
 * @throws GateOptionError when `dir` holds none of them; RunFileError, GateInputError, FileWriteError
 */
export async function exportRunTables(options: ExportRunTablesOptions): Promise<ExportedFile[]> {
  const { dir, format, outDir } = options;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new GateOptionError({ option: 'RUN_DIR', value: dir, expected: 'an existing run or sweep folder' });
  const tables: ExportTable[] = [];
  for (const name of [...PROTOCOL_FILES.map((file) => file.name), ...RUN_EXTRA_FILES]) {
    const path = join(dir, name);
    if (existsSync(path)) tables.push(readCsvTable(path));
  }
  const results = join(dir, SWEEP_FILES.results);
  if (existsSync(results)) tables.push(await readSweepResults(results));
  if (tables.length === 0) {
    throw new GateOptionError({ option: 'RUN_DIR', value: dir, expected: `a folder with walk_forward_summary.csv (a gate or walk-forward run) or ${SWEEP_FILES.results} (a sweep)` });
  }
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new FileWriteError({ what: 'export folder', path: outDir, cause: error });
  }
  return tables.map((table) => {
    const path = join(outDir, `${table.name}.${format}`);
    if (format === 'parquet') {
      writeParquetTable(table, path);
    } else {
      try {
        writeFileAtomic(path, formatCsvTable(table));
      } catch (error) {
        throw new FileWriteError({ what: 'CSV export', path, cause: error });
      }
    }
    return { table: table.name, path, rows: table.rowCount, columns: table.columns.length };
  });
}
