import { WfError } from '@wf/engine';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FlagValueError } from './errors.js';

/**
 * A yargs parser with the project's CLI conventions: strict flags, `--help`, no `--version`,
 * and any usage problem (unknown flag, bad value, a number flag given text) raised as a
 * WfError so that runCli prints one line and exits 2 instead of yargs' usage dump and exit 1.
 * `args` defaults to this process's arguments.
 */
export function createParser(name: string, usage: string, args: readonly string[] = hideBin(process.argv)): Argv {
  return yargs([...args])
    .scriptName(name)
    .usage(usage)
    .strict()
    .version(false)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .check((argv) => {
      checkNumberFlags(argv, args);
      return true;
    })
    .fail((message: string | null, error: Error | undefined) => {
      // yargs' multi-line messages folded to the one line every bad flag gets.
      throw error ?? new WfError('CLI_USAGE', `${(message ?? 'invalid arguments').replace(/\s*\n\s*/g, ' ')} (see --help)`);
    });
}

/**
 * Every number flag in one place: yargs turns `--flag abc` (or a bare `--flag`) of a
 * `type: 'number'` option into NaN, which would reach a range check as "null" or "NaN".
 * Throws FlagValueError quoting the text as typed.
 */
export function checkNumberFlags(argv: Record<string, unknown>, args: readonly string[]): void {
  let first: string | null = null;
  for (const [key, value] of Object.entries(argv)) {
    if (typeof value !== 'number' || !Number.isNaN(value)) continue;
    const flag = `--${key}`;
    first ??= flag;
    const raw = rawFlagValue(args, flag);
    // yargs sets both `wf-shards` and `wfShards`; report the spelling that was typed.
    if (raw !== undefined) throw new FlagValueError({ flag, value: raw });
  }
  if (first !== null) throw new FlagValueError({ flag: first, value: null });
}

/** The text given to `flag` (`--flag=text` or `--flag text`), null when it had none, undefined when absent. */
function rawFlagValue(args: readonly string[], flag: string): string | null | undefined {
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') break;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) {
      const next = args[k + 1];
      return next === undefined || (next.startsWith('--') && next.length > 2) ? null : next;
    }
  }
  return undefined;
}
