/**
 * wf-optimize with a config naming a trial ledger (PROTOCOL section 8b): every evaluated
 * candidate of the factor is appended in sweep order with --run-date, once; wf-ledger lists
 * the factor's trials with the date each was first seen.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledCli } from './buildOptimizer.js';
import { writeSampleWorkspace } from './fixtures.js';

let cli: string;
let workspace: { dir: string; config: string };
let config: string;
let ledger: string;

beforeAll(() => {
  cli = compiledCli();
  workspace = writeSampleWorkspace({ symbols: 40, days: 300 });
  config = join(workspace.dir, 'ledger-config.yaml');
  writeFileSync(config, `${readFileSync(workspace.config, 'utf8')}ledger: trials/ledger.csv\n`);
  ledger = join(workspace.dir, 'trials/ledger.csv');
});

const optimize = (out: string, runDate: string) =>
  spawnSync(process.execPath, [cli, '--config', config, '--factor', 'reversal', '--out', join(workspace.dir, out), '--cache-dir', join(workspace.dir, 'cache'), '--run-date', runDate, '--log-level', 'warn'], { encoding: 'utf8' });

describe('wf-optimize with a trial ledger', () => {
  it('appends every evaluated candidate once, in sweep order, and wf-ledger lists them with their first dates', () => {
    mkdirSync(dirname(ledger), { recursive: true });
    writeFileSync(ledger, 'factor,params,first_seen\nreversal,lookback=3,2026-10-01\n');
    const first = optimize('sweep1', '2026-11-30');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`3 new trials recorded in ${ledger}`);
    const after = 'factor,params,first_seen\nreversal,lookback=3,2026-10-01\nreversal,lookback=2,2026-11-30\nreversal,lookback=5,2026-11-30\nreversal,lookback=10,2026-11-30\n';
    expect(readFileSync(ledger, 'utf8')).toBe(after);

    const second = optimize('sweep2', '2026-12-01');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 new trials recorded');
    expect(readFileSync(ledger, 'utf8')).toBe(after);

    const listed = spawnSync(process.execPath, [join(dirname(cli), 'wf-ledger.js'), '--config', config, '--factor', 'reversal', '--format', 'csv'], { encoding: 'utf8' });
    expect(listed.status).toBe(0);
    // By first_seen, then order of appearance.
    expect(listed.stdout).toBe('factor,params,first_seen\nreversal,lookback=3,2026-10-01\nreversal,lookback=2,2026-11-30\nreversal,lookback=5,2026-11-30\nreversal,lookback=10,2026-11-30\n');
  });

  it('refuses a bad --run-date and a malformed ledger with one line, before sweeping', () => {
    const bad = optimize('sweep-bad-date', '2026-02-30');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^wf-optimize: .*run-date.*2026-02-30/);
    writeFileSync(ledger, 'factor,params,first_seen\nreversal,lookback=3\n');
    const malformed = optimize('sweep-bad-ledger', '2026-12-01');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toBe(`wf-optimize: trial ledger ${ledger}:2: expected 3 fields (factor,params,first_seen), got 2\n`);
    const listed = spawnSync(process.execPath, [join(dirname(cli), 'wf-ledger.js'), '--ledger', ledger], { encoding: 'utf8' });
    expect(listed.status).toBe(2);
    expect(listed.stderr).toBe(`wf-ledger: trial ledger ${ledger}:2: expected 3 fields (factor,params,first_seen), got 2\n`);
  });
});
