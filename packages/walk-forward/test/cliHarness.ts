/**
 * Process-level test helpers: builds the CLI once (`tsc -b packages/walk-forward scripts`,
 * serialized across test files by a lock folder) and runs `node scripts/dist/run-walk-forward.js`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { diffProtocolRows } from '@wf/engine';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliPath = join(repoRoot, 'scripts/dist/run-walk-forward.js');
export const PROTOCOL_CSVS = ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv'] as const;

/** Builds the packages and scripts the CLI needs; one build at a time across vitest workers. */
export async function buildCli(): Promise<void> {
  const lock = join(tmpdir(), 'wf-walk-forward-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than 5 minutes is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // It went away meanwhile.
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/walk-forward', 'scripts'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs the CLI to its end. `onStderrLine` may kill it (returns the child's kill). */
export function runCliProcess(args: readonly string[], onStderrLine?: (line: string, kill: () => void) => void): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      if (onStderrLine === undefined) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onStderrLine(line, () => child.kill('SIGKILL'));
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
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
