/**
 * Process-level helpers for the wf-gates tests: run the CLI as users do (the bundle `node
 * scripts/bundle/run-production-gates.js`, built by the root vitest globalSetup, which starts
 * the bundled wf-walk-forward per shard) as a child process, read a run folder, compare CSVs
 * with the oracle's rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { diffProtocolRows } from '@wf/engine';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import type { RunningScript, ScriptResult } from '../../../test-support/runNodeScript.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const gatesCli = join(repoRoot, 'scripts/bundle/run-production-gates.js');
export const walkForwardCli = join(repoRoot, 'scripts/bundle/run-walk-forward.js');

export type CliResult = ScriptResult;

/** Runs wf-gates to its end; `onStderrLine` sees every stderr line and may signal the process. */
export function runGates(args: readonly string[], onStderrLine?: (line: string, child: RunningScript) => void): Promise<CliResult> {
  return runNodeScript({ script: gatesCli, args, cwd: repoRoot, ...(onStderrLine === undefined ? {} : { onStderrLine }) });
}

/** Runs wf-walk-forward (the bundle) to its end. */
export function runWalkForwardCli(args: readonly string[]): Promise<CliResult> {
  return runNodeScript({ script: walkForwardCli, args, cwd: repoRoot });
}

/** The five protocol CSVs of a shard or merged folder. */
export function readProtocolFiles(dir: string): Record<string, string> {
  const names = ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv', 'oos_gaps.csv'];
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/** A pino NDJSON line as an object, or null. */
export function logRecord(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * gate_report.md without its "Since the previous run" section, which depends on the run it was
 * compared with (`latest` beside the run folder), not on the run's own inputs.
 */
export function withoutDriftSection(text: string): string {
  const at = text.indexOf('\n## Since the previous run');
  return at < 0 ? text : text.slice(0, at);
}

/** The files that must not depend on shard count or cache: merged protocol files, gate reports (the report without its night-over-night section), charts. */
export function readRunOutputs(dir: string): Record<string, string> {
  const names = [
    'walk_forward_summary.csv',
    'universe_audit.csv',
    'oos_daily.csv',
    'candidates.csv',
    'oos_gaps.csv',
    'gate_report.csv',
    'gate_report.json',
    'gate_report.md',
    ...(existsSync(join(dir, 'charts')) ? readdirSync(join(dir, 'charts')).sort().map((f) => `charts/${f}`) : []),
  ];
  return Object.fromEntries(
    names.map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return [name, name === 'gate_report.md' ? withoutDriftSection(text) : text];
    }),
  );
}

export function readManifest(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, any>;
}

type Row = Record<string, string>;
export const parseRows = (text: string | Buffer): Row[] => parse(text, { columns: true }) as Row[];

/** Cell-by-cell equality with numbers within a relative 1e-9 (the oracle's rule). */
export function expectRowsClose(actual: readonly Row[], expected: readonly Row[], what: string): void {
  expect(diffProtocolRows({ actual, expected, label: what })).toEqual([]);
}
