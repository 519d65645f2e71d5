import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GateProgressReader } from './GateProgressReader.js';
import { listRuns } from './listRuns.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function manifest(status: string, verdict: { passed: string[]; failed: string[] } | null): string {
  return JSON.stringify({
    status,
    invocations: [{ startedAt: '2026-12-02T01:00:00.000Z' }],
    config: { path: '/c.yaml' },
    plan: { unitsTotal: 6 },
    shards: [{ index: 0, outDir: 'shards/0' }, { index: 1, outDir: 'shards/1' }],
    verdict,
  });
}
const heartbeat = (unitsDone: number, factor: string): string => `${JSON.stringify({ level: 30, msg: 'heartbeat', unitsDone, unitsTotal: 3, factor })}\n`;

describe('GateProgressReader', () => {
  it('sums the last heartbeat of each shard, reading only what was appended, and counts a finished run whole', () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-progress-'));
    const run = join(dir, 'night');
    mkdirSync(join(run, 'shards', '0'), { recursive: true });
    writeFileSync(join(run, 'manifest.json'), manifest('running', null));
    const reader = new GateProgressReader();
    expect(reader.read(run)).toMatchObject({ status: 'running', unitsDone: 0, unitsTotal: 6 });
    writeFileSync(join(run, 'shards', '0', 'run.log'), `{"msg":"run planned"}\n${heartbeat(1, 'a')}${heartbeat(2, 'a')}`);
    expect(reader.read(run)).toMatchObject({ unitsDone: 2, shards: [{ index: 0, unitsDone: 2, factor: 'a' }, { index: 1, unitsDone: 0 }] });
    // A torn heartbeat counts once its line ends.
    const next = heartbeat(3, 'b');
    appendFileSync(join(run, 'shards', '0', 'run.log'), next.slice(0, 15));
    expect(reader.read(run)?.unitsDone).toBe(2);
    appendFileSync(join(run, 'shards', '0', 'run.log'), next.slice(15));
    expect(reader.read(run)?.unitsDone).toBe(3);
    writeFileSync(join(run, 'manifest.json'), manifest('gates_failed', { passed: ['a'], failed: ['b'] }));
    expect(reader.read(run)).toMatchObject({ status: 'gates_failed', unitsDone: 6, passed: ['a'], failed: ['b'] });
    expect(reader.read(join(dir, 'nothing'))).toBeNull();
  });
});

describe('listRuns', () => {
  it('lists gate runs and sweeps newest first, skipping the latest link and other folders', () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-runs-'));
    mkdirSync(join(dir, 'night'));
    writeFileSync(join(dir, 'night', 'manifest.json'), manifest('passed', { passed: ['a'], failed: [] }));
    mkdirSync(join(dir, 'sweep'));
    writeFileSync(join(dir, 'sweep', 'results.ndjson'), '');
    mkdirSync(join(dir, 'other'));
    const runs = listRuns(dir);
    expect(runs.map((r) => [r.name, r.kind, r.status])).toEqual([
      ['sweep', 'sweep', 'sweep'],
      ['night', 'gate', 'passed'],
    ]);
    expect(runs[1]).toMatchObject({ passed: ['a'], failed: [], config: '/c.yaml', hasReport: false });
  });
});
