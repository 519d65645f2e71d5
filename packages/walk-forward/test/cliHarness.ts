/**
 * Process-level test helpers: run the CLI as users and wf-gates do (the bundle `node
 * scripts/bundle/run-walk-forward.js`, built by the root vitest globalSetup), read and compare
 * its files.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { diffProtocolRows } from '@wf/engine';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import type { RunningScript, ScriptResult } from '../../../test-support/runNodeScript.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliPath = join(repoRoot, 'scripts/bundle/run-walk-forward.js');
export const PROTOCOL_CSVS = ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv', 'oos_gaps.csv'] as const;

export type CliResult = ScriptResult;

/** Runs the CLI to its end. `onStderrLine` may kill it (SIGKILL, a crash). */
export function runCliProcess(args: readonly string[], onStderrLine?: (line: string, kill: () => void) => void): Promise<CliResult> {
  return runNodeScript({
    script: cliPath,
    args,
    cwd: repoRoot,
    ...(onStderrLine === undefined ? {} : { onStderrLine: (line: string, child: RunningScript) => onStderrLine(line, () => child.kill('SIGKILL')) }),
  });
}

export function readProtocolFiles(dir: string): Record<string, string> {
  return Object.fromEntries(PROTOCOL_CSVS.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

type Row = Record<string, string>;
export const parseRows = (text: string | Buffer): Row[] => parse(text, { columns: true }) as Row[];

/** Cell-by-cell equality with numbers within a relative 1e-9 (the oracle's rule). */
export function expectRowsClose(actual: readonly Row[], expected: readonly Row[], what: string): void {
  expect(diffProtocolRows({ actual, expected, label: what })).toEqual([]);
}

/** The heartbeat's unitsDone of an NDJSON stderr line, or null. */
export function heartbeatUnits(line: string): number | null {
  if (!line.includes('"msg":"heartbeat"')) return null;
  try {
    return (JSON.parse(line) as { unitsDone: number }).unitsDone;
  } catch {
    return null;
  }
}
