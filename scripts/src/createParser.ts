import { WfError } from '@wf/engine';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';

/**
 * A yargs parser with the project's CLI conventions: strict flags, `--help`, no `--version`,
 * and any usage problem (unknown flag, bad value) raised as a WfError so that runCli prints
 * one line and exits 2 instead of yargs' usage dump and exit 1.
 */
export function createParser(name: string, usage: string): Argv {
  return yargs(hideBin(process.argv))
    .scriptName(name)
    .usage(usage)
    .strict()
    .version(false)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message: string | null, error: Error | undefined) => {
      throw error ?? new WfError('CLI_USAGE', `${message ?? 'invalid arguments'} (see --help)`);
    });
}
