import { isWfError } from '@wf/engine';
import { cliHelp } from './cliHelp.js';

/**
 * The one top-level catch of every CLI (STYLE.md): `main` resolves to the exit code; a
 * known failure (WfError) prints its message on one line, anything else its stack; both exit 2.
 * Ctrl-C (SIGINT), unless the CLI handles it itself, prints one line with the resume hint and
 * exits 130; a closed stdout (EPIPE: `| head`) ends the CLI quietly with one line, not a crash.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  const { resumeHint } = cliHelp(name);
  process.on('SIGINT', () => {
    // A CLI with its own handler (wf-gates stops its shards and saves its manifest) decides.
    if (process.listenerCount('SIGINT') > 1) return;
    process.stderr.write(`${name}: interrupted (SIGINT)${resumeHint === null ? '' : `; ${resumeHint}`}\n`);
    process.exit(130);
  });
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.stderr.write(`${name}: stdout was closed (EPIPE); the rest of its output is dropped, files are unaffected\n`);
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isWfError(error)) {
        process.stderr.write(`${name}: ${oneLine(error.message)}\n`);
      } else {
        process.stderr.write(`${name}: unexpected failure\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exitCode = 2;
    },
  );
}

/**
 * A known error's message as one line: a message listing several problems one per line
 * (ConfigError) gets them joined by `; `, and any other line break is escaped, so a log
 * reader or a wrapper taking the last stderr line always sees the whole error.
 */
export function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => line.replace(/\r/g, '\\r'))
    .filter((line) => line !== '')
    .join('; ');
}
