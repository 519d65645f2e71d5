/**
 * wf-gates on the real S&P 500 folder with ../shared/configs/sp500-nightly.yaml, two shards:
 * the three protocol files agree with the independent oracle cell by cell (relative 1e-9).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRowsClose, parseRows, readManifest, repoRoot, runGates } from './gatesHarness.js';

const shared = join(repoRoot, '../shared');
const expectedDir = join(shared, 'expected/sp500-nightly');
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
});
