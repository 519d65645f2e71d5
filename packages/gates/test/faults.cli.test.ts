/**
 * Fault injection on wf-gates as real processes (issue 9, items 1 and 2): the orchestrator
 * SIGKILLed at seeded random points, its shards frozen at that moment and thawed while the
 * immediate --resume runs (orphans still writing), must end with the bytes of an
 * uninterrupted run; its shards must not outlive it; two runs racing into one folder must
 * leave exactly one running; a merge given a repeated unit must refuse.
 *
 * Workload: a small generated market (30 symbols, 300 days), 3 factors, 9 windows, 2 shards.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeShardOutputs } from '../src/index.js';
import { gatesCli, logRecord, readManifest, readRunOutputs, repoRoot, runGates } from './gatesHarness.js';
import { mulberry32 } from '../../../test-support/mulberry32.js';

const walkForwardCli = join(repoRoot, 'scripts/bundle/run-walk-forward.js');

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 60, train_days: 60, test_days: 20 }
objective: sharpe
gates: { min_universe_mean: 10 }
factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
  - { id: low_liquidity, params: { lookback: 20 } }
`;
/** Heavier units (many candidates per window) so a shard is still busy when its parent dies. */
const HEAVY_CONFIG = CONFIG.replace('lookback: [3, 5, 10]', 'lookback: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]').replace(
  'lookback: [40, 60], skip: [0, 5]',
  'lookback: [30, 40, 50, 60], skip: [0, 2, 5, 10]',
);
const TRIALS = 20;
const SHARD_FILES = ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv', 'run.json'];

/** Alive and not a zombie (an orphan reparented to a non-reaping init stays a zombie). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function waitUntil(what: string, condition: () => boolean, limitMs: number): Promise<number> {
  const startedMs = performance.now();
  while (!condition()) {
    if (performance.now() - startedMs > limitMs) throw new Error(`${what}: not after ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
  return performance.now() - startedMs;
}

type Started = {
  readonly pid: number;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  readonly lines: string[];
  readonly exited: () => boolean;
};

/** Starts wf-gates (or another CLI) without waiting; stderr lines are collected as they come. */
function start(script: string, args: readonly string[]): Started {
  const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
  });
  let exited = false;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, stderr });
    });
  });
  return { pid: child.pid ?? 0, done, lines, exited: () => exited };
}

/** Shard pids announced by wf-gates (`shard started` at debug level). */
function shardPids(lines: readonly string[]): number[] {
  return lines.map(logRecord).flatMap((r) => (r?.['msg'] === 'shard started' && typeof r['pid'] === 'number' ? [r['pid']] : []));
}

function readShardFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const shard of readdirSync(join(dir, 'shards')).sort()) {
    for (const name of SHARD_FILES) {
      const path = join(dir, 'shards', shard, name);
      if (existsSync(path)) files[`shards/${shard}/${name}`] = readFileSync(path, 'utf8');
    }
  }
  return files;
}

/** manifest.json without what legitimately differs between runs: timings, pids, attempts, invocations and where the panel came from. */
function stableManifest(dir: string): Record<string, unknown> {
  const manifest = readManifest(dir);
  delete manifest['invocations'];
  delete manifest['data'].panelSource;
  for (const shard of manifest['shards'] as Record<string, unknown>[]) delete shard['attempts'];
  // The night-over-night report (drift.csv, its gate_report.md and gate_report.html sections)
  // depends on the run the parent folder's `latest` named when this one finished (and the page's
  // q1..qQ on --use-cache); readRunOutputs compares the rest.
  const variable = new Set(['drift.csv', 'gate_report.md', 'gate_report.html']);
  manifest['outputs'] = (manifest['outputs'] as { path: string }[]).filter((o) => !variable.has(o.path));
  return manifest;
}

/** SIGKILL, unless it has exited already; resolves once it is reaped, with whether the kill landed. */
async function killNow(run: Started): Promise<boolean> {
  let landed = true;
  try {
    process.kill(run.pid, 'SIGKILL');
  } catch {
    landed = false;
  }
  const end = await run.done;
  return landed && end.signal === 'SIGKILL';
}

/** How many records with this msg the shards' run.logs hold. */
function countLogRecords(dir: string, msg: string): number {
  let n = 0;
  for (const k of [0, 1]) {
    const path = join(dir, `shards/${k}/run.log`);
    if (existsSync(path)) n += readFileSync(path, 'utf8').split(`"msg":"${msg}"`).length - 1;
  }
  return n;
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function countRows(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line !== '').length - 1 : 0;
}

describe('wf-gates under fault injection', () => {
  let tmp: string;
  let reference: Record<string, string>;
  let referenceShards: Record<string, string>;
  let referenceManifest: Record<string, unknown>;
  /** stderr lines of an uninterrupted run at debug level: the kill points are drawn among them. */
  let referenceLines = 0;
  const out = (name: string): string => join(tmp, name);
  const flags = (name: string, config = 'config.yaml'): string[] => [
    '--config', join(tmp, config), '--out', out(name), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--max-parallel', '2',
  ];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-faults-'));
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 30, days: 300, seed: 7 }) });
    writeFileSync(join(tmp, 'config.yaml'), CONFIG);
    writeFileSync(join(tmp, 'heavy.yaml'), HEAVY_CONFIG);
    const result = await runGates([...flags('reference'), '--log-level', 'warn']);
    expect(result.code, result.stderr).toBe(1);
    // A run with a warm panel cache, as the trials' runs are: its log lines mark the kill points.
    const warm = await runGates([...flags('warm'), '--log-level', 'debug']);
    expect(warm.code).toBe(1);
    referenceLines = warm.stderr.split('\n').filter((line) => logRecord(line) !== null).length;
    reference = readRunOutputs(out('reference'));
    referenceShards = readShardFiles(out('reference'));
    referenceManifest = stableManifest(out('reference'));
    expect(readRunOutputs(out('warm'))).toEqual(reference);
    expect(stableManifest(out('warm'))).toEqual(referenceManifest);
  }, 120_000);

  /** Every shard pid a test froze: thawed and killed at the end whatever happened. */
  const allShardPids: number[] = [];
  afterAll(() => {
    for (const pid of allShardPids) {
      signalQuietly(pid, 'SIGCONT');
      if (isAlive(pid)) signalQuietly(pid, 'SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it(`ends with the bytes of an uninterrupted run after SIGKILL of wf-gates at ${TRIALS} random points and an immediate --resume`, async () => {
    const random = mulberry32(20261202);
    const outcomes: {
      trial: number;
      afterLines: number;
      delayMs: number;
      summaryRowsAtKill: number;
      frozen: number;
      thaw: string;
      locks: { run: boolean; waited: number; shardTakeovers: number; orphansStopped: number };
      identical: boolean;
      detail: string;
    }[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const name = `trial-${trial}`;
      // A kill point: once the run has its folder, after its k-th log line (k drawn over a
      // whole run: planning, shard starts, every unit's heartbeat, merge, reports), plus up
      // to 30 ms. Timed by the run's own progress, not the clock, so a busy machine moves
      // the kills with the run instead of past its end.
      const afterLines = Math.floor(random() * (referenceLines + 1));
      const delayMs = Math.round(random() * 30);
      const run = start(gatesCli, [...flags(name), '--log-level', 'debug']);
      const reached = (): boolean => existsSync(out(name)) && run.lines.filter((l) => logRecord(l) !== null).length >= afterLines;
      await waitUntil('the kill point or the end of the run', () => reached() || run.exited(), 120_000);
      await new Promise((done) => setTimeout(done, delayMs));
      // The shards are frozen (SIGSTOP) as their parent dies and thawed while the resume runs:
      // an orphan in the middle of a long unit, still writing when the resumed run's shards
      // start (on this small workload the orphans would otherwise finish first).
      const frozen = shardPids(run.lines).filter(isAlive);
      for (const pid of frozen) signalQuietly(pid, 'SIGSTOP');
      allShardPids.push(...frozen);
      const killed = await killNow(run);
      const summaryRowsAtKill = [0, 1].reduce((n, s) => n + countRows(join(out(name), `shards/${s}/walk_forward_summary.csv`)), 0);
      // Thawed early (as the resume starts) or late: once a resumed shard got as far as it can
      // beside a live orphan, waiting for the orphan's shard lock or, if there is none to wait
      // for, having prepared its folder (`run planned`) and started appending. Then 0-100 ms.
      const thawLate = random() < 0.5;
      const thawMs = Math.round(random() * (thawLate ? 100 : 300));
      const before = { waits: countLogRecords(out(name), 'waiting for lock'), planned: countLogRecords(out(name), 'run planned') };
      const resuming = start(gatesCli, [...flags(name), '--resume', '--log-level', 'debug']);
      if (thawLate) {
        await waitUntil(
          'a resumed shard waiting or running',
          () =>
            countLogRecords(out(name), 'waiting for lock') > before.waits || countLogRecords(out(name), 'run planned') > before.planned || resuming.exited(),
          120_000,
        );
      }
      await new Promise((done) => setTimeout(done, thawMs));
      for (const pid of frozen) signalQuietly(pid, 'SIGCONT');
      const resumed = await resuming.done;
      // Compared once the orphans are gone: whatever they wrote late is in the files.
      await waitUntil('the orphans gone', () => frozen.every((pid) => !isAlive(pid)), 60_000);
      const shardLog = [0, 1].flatMap((k) => {
        const path = join(out(name), `shards/${k}/run.log`);
        return existsSync(path) ? readFileSync(path, 'utf8').split('\n').map(logRecord) : [];
      });
      const locks = {
        run: resumed.stderr.split('\n').some((line) => logRecord(line)?.['msg'] === 'stale lock taken over'),
        waited: shardLog.filter((r) => r?.['msg'] === 'waiting for lock').length,
        shardTakeovers: shardLog.filter((r) => r?.['msg'] === 'stale lock taken over').length,
        orphansStopped: shardLog.filter((r) => r?.['msg'] === 'shard orphaned').length,
      };
      let identical = false;
      let detail = `exit ${resumed.code}: ${resumed.stderr.trim().split('\n').filter((line) => logRecord(line) === null).join(' | ')}`;
      if (resumed.code === 1) {
        const outputs = readRunOutputs(out(name));
        const differing = Object.keys(reference).filter((file) => outputs[file] !== reference[file]);
        const shards = readShardFiles(out(name));
        differing.push(...Object.keys(referenceShards).filter((file) => shards[file] !== referenceShards[file]));
        const manifest = stableManifest(out(name));
        if (JSON.stringify(manifest) !== JSON.stringify(referenceManifest)) {
          // Name the keys that differ, so a failure says what (values, or only their order).
          const keys = [...new Set([...Object.keys(manifest), ...Object.keys(referenceManifest)])];
          const changed = keys.filter((key) => JSON.stringify(manifest[key]) !== JSON.stringify(referenceManifest[key]));
          differing.push(`manifest.json (${changed.length === 0 ? 'key order' : changed.map((key) => `${key}: ${JSON.stringify(manifest[key]).slice(0, 300)} vs ${JSON.stringify(referenceManifest[key]).slice(0, 300)}`).join('; ')})`);
        }
        identical = differing.length === 0;
        detail = identical ? 'identical' : `differs: ${differing.join(', ')}`;
      }
      outcomes.push({ trial, afterLines, delayMs, summaryRowsAtKill, frozen: frozen.length, thaw: `${thawLate ? 'once a resumed shard waited or ran' : 'as the resume started'} + ${thawMs} ms`, locks, identical, detail: killed ? detail : `finished before the kill, ${detail}` });
    }
    const identical = outcomes.filter((o) => o.identical).length;
    process.stderr.write(
      `SIGKILL+resume: ${identical} of ${TRIALS} trials byte-identical (kill points among ${referenceLines} log lines); ` +
        `run lock taken over in ${outcomes.filter((o) => o.locks.run).length}, a resumed shard waited for an orphan's lock in ${outcomes.filter((o) => o.locks.waited > 0).length}, ` +
        `took over a dead shard's lock in ${outcomes.filter((o) => o.locks.shardTakeovers > 0).length}, orphans stopped themselves in ${outcomes.filter((o) => o.locks.orphansStopped > 0).length}\n` +
        outcomes
          .map(
            (o) =>
              `  trial ${o.trial}: kill after log line ${o.afterLines} + ${o.delayMs} ms, ${o.summaryRowsAtKill} of 27 units flushed, ${o.frozen} shards frozen, thawed ${o.thaw}; ` +
              `run lock ${o.locks.run ? 'taken over' : 'free'}, waits ${o.locks.waited}, shard takeovers ${o.locks.shardTakeovers}, orphans stopped ${o.locks.orphansStopped}; ${o.detail}`,
          )
          .join('\n') +
        '\n',
    );
    // The trials must have hit the shards' work, not only its edges, with orphans left behind.
    expect(outcomes.filter((o) => o.summaryRowsAtKill > 0 && o.summaryRowsAtKill < 27 && o.frozen > 0).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => !o.identical)).toEqual([]);
  }, 600_000);

  it('leaves no shard process running shortly after wf-gates is SIGKILLed, and the shards stop before finishing', async () => {
    const run = start(gatesCli, [...flags('orphans', 'heavy.yaml'), '--log-level', 'debug']);
    const beating = (shard: number): boolean => run.lines.some((l) => logRecord(l)?.['msg'] === 'shard heartbeat' && logRecord(l)?.['shard'] === shard);
    await waitUntil('both shards past their first unit', () => (beating(0) && beating(1)) || run.exited(), 60_000);
    const pids = shardPids(run.lines);
    expect(await killNow(run)).toBe(true);
    const goneAfterMs = await waitUntil('orphan shards gone', () => pids.every((pid) => !isAlive(pid)), 20_000);
    process.stderr.write(`orphan shards gone ${Math.round(goneAfterMs)} ms after the SIGKILL of wf-gates\n`);
    const rows = [0, 1].reduce((n, s) => n + countRows(join(out('orphans'), `shards/${s}/walk_forward_summary.csv`)), 0);
    // They stopped at their next unit, long before their 27 units were done, knowing why.
    expect(rows).toBeLessThan(27);
    // Each shard either had finished before the kill or stopped knowing why: the IPC
    // channel's close, or the parent-pid poll, whichever it saw first.
    const endings = [0, 1].map((k) => {
      const records = readFileSync(join(out('orphans'), `shards/${k}/run.log`), 'utf8').split('\n').map(logRecord);
      return records.some((r) => r?.['msg'] === 'run done') ? 'finished' : String(records.find((r) => r?.['msg'] === 'shard orphaned')?.['reason']);
    });
    for (const ending of endings) expect(ending).toMatch(/^(finished|the orchestrator that started this shard .*is gone)/);
    expect(endings.filter((e) => e !== 'finished').length).toBeGreaterThan(0);
    expect([0, 1].map((k) => existsSync(join(out('orphans'), `shards/${k}/.lock`)))).toEqual([false, false]);
    const afterGone = readShardFiles(out('orphans'));
    await new Promise((done) => setTimeout(done, 300));
    expect(readShardFiles(out('orphans'))).toEqual(afterGone);
  }, 120_000);

  it('lets exactly one of two wf-gates runs started together into one folder run; the other exits 2 with one line', async () => {
    const results: string[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const name = `race-${trial}`;
      const [a, b] = [start(gatesCli, [...flags(name), '--log-level', 'warn']), start(gatesCli, [...flags(name), '--log-level', 'warn'])];
      const [ra, rb] = await Promise.all([a.done, b.done]);
      const codes = [ra.code, rb.code].sort();
      results.push(`${codes.join('/')}`);
      expect(codes, `${ra.stderr}\n${rb.stderr}`).toEqual([1, 2]);
      const refused = ra.code === 2 ? ra : rb;
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr.trim()).toMatch(/^wf-gates: output folder .* (is locked by|is not empty)/);
      expect(readRunOutputs(out(name))).toEqual(reference);
      expect(readShardFiles(out(name))).toEqual(referenceShards);
    }
    process.stderr.write(`racing wf-gates runs: ${results.join(', ')} (exit codes per trial)\n`);
  }, 300_000);

  it('lets exactly one of two wf-walk-forward runs started together into one --out run; the other exits 2 with one line', async () => {
    const codes: string[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const dir = out(`wf-race-${trial}`);
      const args = ['--config', join(tmp, 'config.yaml'), '--out', dir, '--cache-dir', join(tmp, 'cache'), '--factors', 'reversal', '--log-level', 'warn'];
      const [ra, rb] = await Promise.all([start(walkForwardCli, args).done, start(walkForwardCli, args).done]);
      codes.push(`${[ra.code, rb.code].sort().join('/')}`);
      expect([ra.code, rb.code].sort(), `${ra.stderr}\n${rb.stderr}`).toEqual([0, 2]);
      const refused = ra.code === 2 ? ra : rb;
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr.trim()).toMatch(/^wf-walk-forward: output folder .* (is locked by wf-walk-forward|is not empty)/);
      expect(readFileSync(join(dir, 'walk_forward_summary.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
        'factor,window',
        ...Array.from({ length: 9 }, (_, w) => `reversal,${w}`),
      ]);
    }
    process.stderr.write(`racing wf-walk-forward runs: ${codes.join(', ')} (exit codes per trial)\n`);
  }, 120_000);

  it('makes a resumed shard wait for a live holder of its folder lock, refuse after --lock-wait, and take over once it is gone', async () => {
    const dir = out('held');
    cpSync(join(out('reference'), 'shards/0'), dir, { recursive: true });
    const before = SHARD_FILES.map((name) => readFileSync(join(dir, name), 'utf8'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    const holderExited = new Promise((done) => holder.on('exit', done));
    writeFileSync(join(dir, '.lock'), `${JSON.stringify({ purpose: 'wf-walk-forward shard 0 of 2', pid: holder.pid, hostname: hostname(), procStart: null, startedAt: 'then', token: 'orphan' })}\n`);
    const args = ['--config', join(tmp, 'config.yaml'), '--out', dir, '--cache-dir', join(tmp, 'cache'), '--shard-index', '0', '--shard-count', '2', '--resume'];
    const refused = await start(walkForwardCli, [...args, '--lock-wait', '0.5', '--log-level', 'warn']).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr.trim()).toMatch(new RegExp(`^wf-walk-forward: output folder .*held is locked by wf-walk-forward shard 0 of 2 \\(pid ${holder.pid} on .*\\(waited 0\\.\\d s\\)`));
    holder.kill('SIGKILL');
    await holderExited;
    const resumed = await start(walkForwardCli, [...args, '--lock-wait', '30', '--log-level', 'info']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr.split('\n').map(logRecord).find((r) => r?.['msg'] === 'stale lock taken over')).toMatchObject({ stalePid: holder.pid, reason: `process ${holder.pid} is gone` });
    expect(SHARD_FILES.map((name) => readFileSync(join(dir, name), 'utf8'))).toEqual(before);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  }, 120_000);

  it('stops a shard, before it writes any row, whose run lock holds another token', async () => {
    const dir = out('foreign');
    writeFileSync(join(tmp, 'run.lock'), `${JSON.stringify({ purpose: 'wf-gates', pid: process.pid, hostname: hostname(), procStart: null, startedAt: 'now', token: 'the-new-orchestrator' })}\n`);
    const result = await start(walkForwardCli, [
      '--config', join(tmp, 'config.yaml'), '--out', dir, '--cache-dir', join(tmp, 'cache'), '--shard-index', '0', '--shard-count', '2',
      '--run-lock', join(tmp, 'run.lock'), '--run-lock-token', 'the-killed-orchestrator', '--log-level', 'warn',
    ]).done;
    expect(result.code).toBe(2);
    const errorLines = result.stderr.trim().split('\n').filter((line) => logRecord(line) === null);
    expect(errorLines).toEqual([expect.stringMatching(/^wf-walk-forward: stopped writing .*foreign: the run lock .*run\.lock now belongs to wf-gates \(pid \d+\), not to the run that started this shard$/)]);
    // Nothing but the run log, which keeps why (its stderr may have no reader when it is a real orphan).
    expect(readdirSync(dir)).toEqual(['run.log']);
    expect(logRecord(readFileSync(join(dir, 'run.log'), 'utf8').trim())).toMatchObject({ msg: 'shard orphaned' });
  }, 60_000);

  it('refuses to merge shard files holding a repeated unit, naming the file and line', () => {
    const dir = out('dup');
    cpSync(join(out('reference'), 'shards'), join(dir, 'shards'), { recursive: true });
    const summary = join(dir, 'shards/1/walk_forward_summary.csv');
    const lines = readFileSync(summary, 'utf8').split('\n');
    writeFileSync(summary, [...lines.slice(0, 3), lines[2], ...lines.slice(3)].join('\n'));
    expect(() => mergeShardOutputs({ shardDirs: [join(dir, 'shards/0'), join(dir, 'shards/1')], outDir: join(dir, 'merged') })).toThrow(
      /walk_forward_summary\.csv line 4: .* repeats line 3/,
    );
    expect(existsSync(join(dir, 'merged', 'walk_forward_summary.csv'))).toBe(false);
  });
});
