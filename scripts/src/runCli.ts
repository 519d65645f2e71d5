import { isWfError } from '@wf/engine';

/**
 * The one top-level catch of every CLI (STYLE.md): `main` resolves to the exit code; a
 * known failure (WfError) prints its one-line message, anything else its stack; both exit 2.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isWfError(error)) {
        process.stderr.write(`${name}: ${error.message}\n`);
      } else {
        process.stderr.write(`${name}: unexpected failure\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exitCode = 2;
    },
  );
}
