import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../src/index.js';
import { writeBenchWorkspace } from './writeBenchWorkspace.js';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/dist/run-benchmarks.js');
let dir: string;

beforeAll(() => {
  dir = writeBenchWorkspace({ prefix: 'wf-bench-cli-', symbols: 30, seed: 3 }).dir;
  writeFileSync(join(dir, 'space.yaml'), 'params: { lookback: [2, 3, 5] }\nportfolio: { cost_bps: [0, 10] }\n');
});

function bench(out: string, extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const args = [cli, '--config', join(dir, 'config.yaml'), '--opt-factor', 'reversal', '--opt-space', join(dir, 'space.yaml'), '--opt-budget-scale', '0.02', '--runs', '1', '--shards', '2', '--out', out, ...extra];
  return spawnSync(process.execPath, args, { encoding: 'utf8' });
}

const readReport = (out: string): BenchmarkReport => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as BenchmarkReport;

describe('wf-bench', () => {
  it('runs a scenario set end to end in real processes and writes a report whose outputs agree', () => {
    const out = join(dir, 'report-a');
    const result = bench(out, ['--scenarios', 'wf-baseline-serial,wf-shard-parallel,optimizer-memo,optimizer-artifacts']);
    expect(result.stderr).not.toContain('wf-bench:');
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report.differences).toEqual([]);
    expect(report.runs).toBe(1);
    expect(report.machine.node).toBe(process.version);
    expect(report.scenarios.map((s) => s.id)).toEqual(['wf-baseline-serial', 'wf-shard-parallel', 'opt-artifacts-all', 'opt-artifacts-top10', 'opt-artifacts-none', 'opt-memo-off', 'opt-memo-on']);
    for (const s of report.scenarios) {
      expect(s.wallSamplesMs).toHaveLength(1);
      expect(s.wall.medianMs).toBeGreaterThan(0);
      expect(s.cpu.medianMs).toBeGreaterThan(0);
      expect(s.peakRssMiB.median).toBeGreaterThan(0);
      expect(s.speedup === null).toBe(s.baseline);
      for (const o of s.outputs) expect(o.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const byId = new Map(report.scenarios.map((s) => [s.id, s]));
    // Two shard processes, each reporting its usage; the walk-forward files are byte-identical to the serial run.
    expect(byId.get('wf-shard-parallel')?.processes).toBe(2);
    expect(byId.get('wf-shard-parallel')?.outputs.map((o) => o.sha256)).toEqual(byId.get('wf-baseline-serial')?.outputs.map((o) => o.sha256));
    expect(byId.get('wf-baseline-serial')?.outputs.map((o) => o.file)).toEqual(['oos_daily.csv', 'candidates.csv', 'oos_gaps.csv', 'universe_audit.csv', 'walk_forward_summary.csv']);
    // The memo baseline (`wf-bench sweep --memo off`) writes the product's bytes.
    expect(byId.get('opt-memo-off')?.outputs.map((o) => o.sha256)).toEqual(byId.get('opt-memo-on')?.outputs.map((o) => o.sha256));
    // top.json names the artifact policy: its bytes differ, and it is compared without those fields.
    const all = byId.get('opt-artifacts-all')?.outputs[1];
    const none = byId.get('opt-artifacts-none')?.outputs[1];
    expect(all?.file).toBe('top.json');
    expect(all?.sha256).not.toBe(none?.sha256);
    expect(all?.comparedSha256).toBe(none?.comparedSha256);

    const csv = readFileSync(join(out, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^group,scenario,baseline,runs,wall_median_ms,/);
    expect(csv).toHaveLength(8);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('All outputs agree');
    expect(md).toMatch(/\| optimizer-memo \| opt-memo-on \| [\d.]+ \| [\d.]+-[\d.]+ \| [\d.]+ \| \d+ \| [\d.]+x \|/);
    expect(md).toContain(`node ${process.version}`);
    for (const chart of ['wall-time.svg', 'speedup.svg', 'memory-cpu.svg']) expect(readFileSync(join(out, chart), 'utf8')).toMatch(/^<svg /);

    // A planted difference (one scenario on a config with other costs) fails the run and is reported first.
    const planted = join(dir, 'report-b');
    const failed = bench(planted, ['--scenarios', 'wf-baseline-serial,wf-shard-parallel', '--plant-difference', 'wf-shard-parallel', '--compare-to', join(out, 'report.json')]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/wf-bench: walk-forward: oos_daily\.csv of wf-shard-parallel differs from wf-baseline-serial/);
    const plantedReport = readReport(planted);
    expect(plantedReport.differences[0]).toMatchObject({ kind: 'between-scenarios', group: 'walk-forward', file: 'oos_daily.csv' });
    expect(plantedReport.differences.some((d) => d.kind === 'since-previous-report' && d.message.startsWith('wf-shard-parallel:'))).toBe(true);
    expect(plantedReport.differences.some((d) => d.message.startsWith('wf-baseline-serial:'))).toBe(false);
    expect(plantedReport.comparedTo).toBe(join(out, 'report.json'));
    const lines = readFileSync(join(planted, 'report.md'), 'utf8').split('\n');
    expect(lines[2]).toMatch(/^## FAILED: \d+ output difference\(s\)$/);
    expect(lines[4]).toContain('oos_daily.csv of wf-shard-parallel differs from wf-baseline-serial');
  }, 300_000);

  it('exits 2 with one line for an unknown scenario', () => {
    const result = bench(join(dir, 'report-c'), ['--scenarios', 'wf-nope']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^wf-bench: unknown scenario "wf-nope"; expected one of wf-baseline-serial,/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
