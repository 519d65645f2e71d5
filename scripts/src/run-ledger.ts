#!/usr/bin/env node
/**
 * wf-ledger: lists the trials of a trial ledger (PROTOCOL section 8b), one line per
 * distinct (factor, params) with the date it was first seen, for one factor or all. The
 * ledger is named directly (--ledger) or through a config's `ledger:` key (--config).
 * Exit codes: 0 listed (possibly nothing); 2 bad flag, config or ledger.
 */
import { resolve } from 'node:path';
import { formatLedgerRow, LEDGER_HEADER, listLedgerTrials, loadConfig, readLedger, WfError } from '@wf/engine';
import { createParser } from './createParser.js';
import { formatTable } from './formatTable.js';
import { runCli } from './runCli.js';

runCli('wf-ledger', async () => {
  const argv = await createParser('wf-ledger', "$0 (--ledger FILE | --config FILE) [--factor ID]\n\nLists a trial ledger's trials and when each was first seen.")
    .option('ledger', { type: 'string', describe: 'trial ledger CSV (factor,params,first_seen)' })
    .option('config', { type: 'string', describe: 'a config whose `ledger:` key names the ledger' })
    .option('factor', { type: 'string', describe: 'only this factor id (default: every factor)' })
    .option('format', { choices: ['table', 'csv'] as const, default: 'table' as const, describe: 'table for reading, csv (the ledger header) for tools' })
    .conflicts('ledger', 'config')
    .check((args) => {
      if (args.ledger === undefined && args.config === undefined) throw new Error('give --ledger FILE or --config FILE');
      return true;
    })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();
  let path: string;
  if (argv.ledger !== undefined) {
    path = resolve(argv.ledger);
  } else {
    const configPath = resolve(argv.config as string);
    const config = await loadConfig(configPath);
    if (config.ledger === null) throw new LedgerFlagError(configPath);
    path = config.ledger;
  }
  const trials = listLedgerTrials(readLedger(path).rows, argv.factor ?? null);
  if (argv.format === 'csv') {
    process.stdout.write([`${LEDGER_HEADER}\n`, ...trials.map(formatLedgerRow)].join(''));
  } else {
    process.stdout.write(formatTable(['factor', 'params', 'first_seen'], trials.map((t) => [t.factor, t.params, t.firstSeen])));
    const factors = new Set(trials.map((t) => t.factor)).size;
    process.stdout.write(`\n${trials.length} trials of ${factors} factor${factors === 1 ? '' : 's'} in ${path}\n`);
  }
  return 0;
});

/** --config names a config without a `ledger:` key. */
class LedgerFlagError extends WfError {
  constructor(configPath: string) {
    super('LEDGER_NOT_CONFIGURED', `${configPath} has no ledger: key; name the ledger with --ledger FILE`);
  }
}
