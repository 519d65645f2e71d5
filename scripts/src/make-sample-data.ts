#!/usr/bin/env node
/**
 * make-sample-data: write a seeded synthetic market (per-symbol price CSVs and a README.txt)
 * for demos and tests. Thin CLI over `makeSampleData` from @wf/engine.
 * Exit codes: 0 written, 2 bad flag, non-empty folder without --force, or write failure.
 */
import { formatDate, makeSampleData } from '@wf/engine';
import { createParser } from './createParser.js';
import { runCli } from './runCli.js';

runCli('wf-make-sample-data', async () => {
  const argv = await createParser('wf-make-sample-data', '$0 [options]\n\nWrite a seeded synthetic market (one <SYMBOL>.csv per symbol plus README.txt).')
    .option('out', { type: 'string', default: 'data/sample', describe: 'Folder to write the CSV files into (created if absent)' })
    .option('symbols', { type: 'number', default: 120, describe: 'Number of symbols (S000, S001, ...)' })
    .option('days', { type: 'number', default: 1000, describe: 'Number of business days (Mon-Fri)' })
    .option('seed', { type: 'number', default: 42, describe: 'Random seed; the same flags always give byte-identical files' })
    .option('start-date', { type: 'string', default: '2015-01-02', describe: 'First date, YYYY-MM-DD' })
    .option('reversal-strength', { type: 'number', default: 0.04, describe: 'Strength k of the planted 5-day reversal (0 = none)' })
    .option('force', { type: 'boolean', default: false, describe: 'Overwrite a non-empty folder (its *.csv files and README.txt are deleted first)' })
    .parseAsync();

  const result = makeSampleData({
    dir: argv.out,
    symbols: argv.symbols,
    days: argv.days,
    seed: argv.seed,
    startDate: argv['start-date'],
    reversalStrength: argv['reversal-strength'],
    force: argv.force,
  });
  const { panel, features, options } = result.market;
  const first = panel.dates[0] ?? 0;
  const last = panel.dates[panel.nDates - 1] ?? 0;
  const lines = [
    `wrote ${panel.nSymbols} price files and README.txt to ${result.dir}`,
    `  ${formatDate(first)}..${formatDate(last)} (${panel.nDates} business days), seed ${options.seed}, reversal strength ${options.reversalStrength}`,
    `  late listings ${features.lateListings.length}, delistings ${features.delistings.length}, gaps ${features.gaps.length}, ` +
      `empty fields ${features.emptyFields.length}, low-priced ${features.lowPriced.length}, illiquid ${features.illiquid.length}`,
  ];
  if (result.removed.length > 0) lines.push(`  removed ${result.removed.length} old files first (--force)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
});
