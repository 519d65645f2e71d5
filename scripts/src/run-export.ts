#!/usr/bin/env node
/**
 * wf-export: writes the tables of a gate run, walk-forward shard or sweep folder as Parquet
 * (typed columns: dates as DATE, counts as integers, params also one typed column per
 * parameter) or as CSV with the same columns; prints one line per file.
 * Exit codes: 0 written; 2 bad flag, a folder with no table, a malformed file, a write failure.
 */
import { join, resolve } from 'node:path';
import { EXPORT_FORMATS, exportRunTables } from '@wf/gates';
import { createParser } from './createParser.js';
import { runCli } from './runCli.js';

runCli('wf-export', async () => {
  const argv = await createParser('wf-export', '$0 RUN_DIR [--format parquet|csv] [--out DIR]\n\nExports the protocol tables of a run folder, or a sweep\'s results, with typed columns.')
    .positional('RUN_DIR', { type: 'string', describe: 'a wf-gates run folder, a wf-walk-forward folder or a wf-optimize folder (results.ndjson)' })
    .option('format', { choices: EXPORT_FORMATS, default: 'parquet' as const, describe: 'file format of the exported tables' })
    .option('out', { type: 'string', describe: 'folder for the exported files (default RUN_DIR/export)' })
    .demandCommand(1, 1, 'give the run folder: wf-export RUN_DIR', 'give one run folder')
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();
  const dir = resolve(String(argv._[0]));
  const files = await exportRunTables({ dir, format: argv.format, outDir: argv.out === undefined ? join(dir, 'export') : resolve(argv.out) });
  for (const file of files) process.stdout.write(`${file.path}  ${file.rows} rows, ${file.columns} columns\n`);
  return 0;
});
