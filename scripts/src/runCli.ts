import { isWfError } from '@wf/engine';

/**
 * The one top-level catch of every CLI (STYLE.md): `main` resolves to the exit code; a
 * known failure (WfError) prints its message on one line, anything else its stack; both exit 2.
 */
export function runCli(name: string, main: () => Promise<number>): void {
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
