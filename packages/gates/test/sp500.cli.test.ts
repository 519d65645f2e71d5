/**
 * wf-gates on the real S&P 500 folder with ../shared/configs/sp500-nightly.yaml, two shards:
 * the three protocol files agree with the independent protocol 2 oracle cell by cell
 * (relative 1e-9); and the trial ledger case (../shared/expected/sp500-nightly-ledger/) run on
 * a copy: the gate report with the ledger's trial counts and the ledger after the run.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRowsClose, parseRows, readManifest, repoRoot, runGates } from './gatesHarness.js';

const shared = join(repoRoot, '../shared');
const expectedDir = join(shared, 'expected/sp500-nightly-v2');
const ledgerDir = join(shared, 'expected/sp500-nightly-ledger');
const tmp = mkdtempSync(join(tmpdir(), 'wf-gates-sp500-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('wf-gates on the S&P 500 nightly config', () => {
  it('writes walk_forward_summary.csv, universe_audit.csv and gate_report.csv equal to the oracle', async () => {
    const out = join(tmp, 'run');
    const result = await runGates([
      '--config', join(shared, 'configs/sp500-nightly.yaml'),
      '--out', out,
      '--cache-dir', join(tmp, 'cache'),
      '--wf-shards', '2',
      '--log-level', 'warn',
    ]);
    expect(result.stderr).toBe('');
    // The oracle's gate report has failing factors, so the gate fails: exit 1.
    expect(result.code).toBe(1);
    for (const name of ['walk_forward_summary.csv', 'universe_audit.csv', 'gate_report.csv']) {
      expectRowsClose(parseRows(readFileSync(join(out, name))), parseRows(readFileSync(join(expectedDir, name))), name);
    }
    const manifest = readManifest(out);
    expect(manifest['status']).toBe('gates_failed');
    expect(manifest['plan'].shards.map((s: { factorIds: string[] }) => s.factorIds.length).reduce((a: number, b: number) => a + b, 0)).toBe(10);
  }, 90_000);

  it('counts trials from a trial ledger, appends the new candidates with --run-date, and appends nothing on a second run', async () => {
    const dir = join(tmp, 'ledger');
    mkdirSync(dir);
    const config = readFileSync(join(ledgerDir, 'config.yaml'), 'utf8').replace('../../data/sp500-5yr/prices', join(shared, 'data/sp500-5yr/prices'));
    writeFileSync(join(dir, 'config.yaml'), config);
    copyFileSync(join(ledgerDir, 'ledger.csv'), join(dir, 'ledger.csv'));
    const run = (out: string) =>
      runGates(['--config', join(dir, 'config.yaml'), '--out', join(dir, out), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '3', '--run-date', '2026-11-20', '--log-level', 'warn']);
    const first = await run('run1');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expectRowsClose(parseRows(readFileSync(join(dir, 'run1/gate_report.csv'))), parseRows(readFileSync(join(ledgerDir, 'gate_report.csv'))), 'gate_report.csv (ledger)');
    expect(readFileSync(join(dir, 'ledger.csv'), 'utf8')).toBe(readFileSync(join(ledgerDir, 'ledger.after.csv'), 'utf8'));
    const before = statSync(join(dir, 'ledger.csv'));
    const second = await run('run2');
    expect(second.code).toBe(1);
    expect(readFileSync(join(dir, 'run2/gate_report.csv'), 'utf8')).toBe(readFileSync(join(dir, 'run1/gate_report.csv'), 'utf8'));
    // Nothing new: the file is not rewritten (same inode, same bytes).
    const after = statSync(join(dir, 'ledger.csv'));
    expect(after.ino).toBe(before.ino);
    expect(readFileSync(join(dir, 'ledger.csv'), 'utf8')).toBe(readFileSync(join(ledgerDir, 'ledger.after.csv'), 'utf8'));
  }, 180_000);
});
