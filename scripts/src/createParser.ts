import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WfError } from '@wf/engine';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { cliHelp } from './cliHelp.js';
import { LOG_FORMATS, setLogFormat } from './createLogger.js';
import type { LogFormat } from './createLogger.js';
import { FlagValueError } from './errors.js';
import { repoRoot } from './repoRoot.js';
import { suggestFlag } from './suggestFlag.js';

/**
 * A yargs parser with the project's CLI conventions: strict flags, `--help` with examples and
 * exit codes (cliHelp), `--version`, and any usage problem raised as a WfError so that runCli
 * prints one line and exits 2 instead of yargs' usage dump and exit 1. An unknown flag is named
 * first (before a missing required one it may be a typo of), with the closest known flag.
 * `args` defaults to this process's arguments.
 */
export function createParser(name: string, usage: string, args: readonly string[] = hideBin(process.argv)): Argv {
  const help = cliHelp(name);
  const parser: Argv = yargs([...args])
    .scriptName(name)
    .usage(usage)
    .strict()
    .version(projectVersion())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .epilogue(help.exitCodes)
    .option('log-format', { choices: LOG_FORMATS, default: 'auto' as const, describe: 'logs on stderr: pretty lines on a terminal and NDJSON otherwise (auto), or always json or pretty' })
    .middleware((argv) => setLogFormat(argv['log-format'] as LogFormat))
    .check((argv) => {
      checkNumberFlags(argv, args);
      return true;
    })
    .fail((message: string | null, error: Error | undefined) => {
      if (error !== undefined) throw error;
      const unknown = unknownFlag(parser, args);
      if (unknown !== null) throw new WfError('CLI_USAGE', `${unknown} (see --help)`);
      // yargs' multi-line messages folded to the one line every bad flag gets.
      throw new WfError('CLI_USAGE', `${(message ?? 'invalid arguments').replace(/\s*\n\s*/g, ' ')} (see --help)`);
    });
  for (const [command, meaning] of help.examples) parser.example(command, meaning);
  return parser;
}

/** `unknown flag --confg (did you mean --config?)` for the first flag of `args` the parser does not know, else null. */
function unknownFlag(parser: Argv, args: readonly string[]): string | null {
  const options = (parser as unknown as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }).getOptions();
  const known = new Set<string>(['help', 'version', ...Object.keys(options.key)]);
  for (const [key, aliases] of Object.entries(options.alias)) {
    known.add(key);
    for (const alias of aliases) known.add(alias);
  }
  for (const arg of args) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) continue;
    const name = arg.replace(/^--?/, '').split('=')[0] as string;
    const bare = name.startsWith('no-') ? name.slice(3) : name;
    if (known.has(name) || known.has(bare) || known.has(camelCase(name))) continue;
    const close = suggestFlag(name, [...known].filter((k) => k.length > 1 && !/[A-Z]/.test(k)));
    return `unknown flag ${arg.split('=')[0]}${close === null ? '' : ` (did you mean --${close}?)`}`;
  }
  return null;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The project's version (the root package.json), for `--version`. */
function projectVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
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
