import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HUGE_PAGE_MALLOC_TUNABLE, hugePageMallocTunables } from './hugePageMallocTunables.js';
import { LocalShardLauncher, STANDBY_FLAG, STANDBY_JOB } from './LocalShardLauncher.js';
import type { ShardAttemptControls, ShardJob, ShardLogRecord } from './ShardLauncher.js';

/**
 * A throwaway shard script speaking wf-walk-forward's standby protocol (scripts/src/run-walk-forward.ts
 * commandLine): alone with STANDBY_FLAG it waits for a STANDBY_JOB message; it then logs its
 * arguments, flags, pid and GLIBC_TUNABLES as a pino record, and sleeps when its config path says so.
 */
const SHARD_SCRIPT = `
const args = process.argv.slice(2);
const run = (argv) => {
  process.stderr.write(JSON.stringify({ level: 30, msg: 'shard args', argv, execArgv: process.execArgv, pid: process.pid, tunables: process.env.GLIBC_TUNABLES ?? null }) + '\\n');
  if (argv.includes('/sleep.yaml')) setTimeout(() => undefined, 60_000);
  else process.exitCode = argv.includes('/fail.yaml') ? 2 : 0;
};
if (args.length === 1 && args[0] === ${JSON.stringify(STANDBY_FLAG)}) {
  const onMessage = (message) => {
    if (message.type !== ${JSON.stringify(STANDBY_JOB)}) return;
    process.off('message', onMessage);
    process.off('disconnect', onDisconnect);
    process.channel.unref();
    run(message.args);
  };
  const onDisconnect = () => process.exit(0);
  process.on('message', onMessage);
  process.on('disconnect', onDisconnect);
} else {
  process.channel?.unref();
  run(args);
}
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function shardScript(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-launcher-'));
  dirs.push(dir);
  const file = path.join(dir, 'shard.cjs');
  writeFileSync(file, SHARD_SCRIPT);
  return file;
}

const JOB: ShardJob = {
  factorIds: ['macd'],
  shardIndex: 0,
  shardCount: 1,
  configPath: '/c.yaml',
  outDir: '/run/shards/0',
  pricesDir: null,
  useCache: false,
  cacheDir: '/cache',
  refreshCache: false,
  resume: false,
  concurrentShards: 1,
  workers: 2,
  heartbeatSeconds: 10,
  runLock: null,
  lockWaitMs: 0,
  identity: null,
};

function controls(options: { timeoutMs?: number; signal?: AbortSignal } = {}): { controls: ShardAttemptControls; records: ShardLogRecord[]; pids: (number | null)[] } {
  const records: ShardLogRecord[] = [];
  const pids: (number | null)[] = [];
  return {
    records,
    pids,
    controls: {
      attempt: 1,
      timeoutMs: options.timeoutMs ?? null,
      signal: options.signal ?? new AbortController().signal,
      onStart: ({ pid }) => pids.push(pid),
      onRecord: (record) => records.push(record),
    },
  };
}

/** Whether a process of this pid is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('LocalShardLauncher standby processes', () => {
  it('hands a job to a process started ahead (warmUp), which runs it with the same arguments as a new process', async () => {
    const launcher = new LocalShardLauncher({ walkForwardScript: shardScript(), cores: 2 });
    launcher.warmUp({ processes: 1, concurrentShards: 1, workers: 2 });
    const warm = controls();
    const outcome = await launcher.launch(JOB, warm.controls);
    const fresh = controls();
    // No standby left: a new process.
    expect((await launcher.launch(JOB, fresh.controls)).ok).toBe(true);
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, timedOut: false, stopped: false });
    const [ran] = warm.records;
    const [ranFresh] = fresh.records;
    expect(ran).toMatchObject({ msg: 'shard args', execArgv: ['--single-threaded'], pid: warm.pids[0] });
    expect(ran?.['argv']).toEqual(ranFresh?.['argv']);
    expect(ranFresh?.['pid']).not.toBe(ran?.['pid']);
  });

  it('starts a new process for a job whose node flags differ from the standby, and stops the standby', async () => {
    const launcher = new LocalShardLauncher({ walkForwardScript: shardScript(), cores: 4 });
    launcher.warmUp({ processes: 1, concurrentShards: 1, workers: 1 });
    const first = controls();
    // 1 shard x 4 workers fills the 4 cores: --single-threaded, unlike the standby.
    expect((await launcher.launch({ ...JOB, workers: 4 }, first.controls)).ok).toBe(true);
    expect(first.records[0]).toMatchObject({ execArgv: ['--single-threaded'] });
  });

  it('stops unused standbys on coolDown', async () => {
    const launcher = new LocalShardLauncher({ walkForwardScript: shardScript(), cores: 2 });
    launcher.warmUp({ processes: 2, concurrentShards: 2, workers: 1 });
    const pids = (launcher as unknown as { standbys: { child: { pid: number } }[] }).standbys.map((standby) => standby.child.pid);
    expect(pids).toHaveLength(2);
    launcher.coolDown();
    await waitFor(() => pids.every((pid) => !alive(pid)));
  });

  it('times out and stops a job run by a standby, and reports a failed one', async () => {
    const launcher = new LocalShardLauncher({ walkForwardScript: shardScript(), cores: 2, killGraceMs: 500 });
    launcher.warmUp({ processes: 2, concurrentShards: 1, workers: 2 });
    const timed = await launcher.launch({ ...JOB, configPath: '/sleep.yaml' }, controls({ timeoutMs: 300 }).controls);
    expect(timed).toMatchObject({ ok: false, timedOut: true, stopped: false, exitSignal: 'SIGTERM' });
    const abort = new AbortController();
    const stopping = launcher.launch({ ...JOB, configPath: '/sleep.yaml' }, controls({ signal: abort.signal }).controls);
    setTimeout(() => abort.abort(), 200);
    expect(await stopping).toMatchObject({ ok: false, timedOut: false, stopped: true });
    expect(await launcher.launch({ ...JOB, configPath: '/fail.yaml' }, controls().controls)).toMatchObject({ ok: false, exitCode: 2 });
  });
});

describe('LocalShardLauncher huge pages', () => {
  it("starts shards, standby or new, with glibc's huge-page malloc tunable", async () => {
    const launcher = new LocalShardLauncher({ walkForwardScript: shardScript(), cores: 2 });
    launcher.warmUp({ processes: 1, concurrentShards: 1, workers: 2 });
    const warm = controls();
    const fresh = controls();
    expect((await launcher.launch(JOB, warm.controls)).ok).toBe(true);
    expect((await launcher.launch(JOB, fresh.controls)).ok).toBe(true);
    const expected = hugePageMallocTunables(process.env.GLIBC_TUNABLES);
    expect(expected).toContain('glibc.malloc.hugetlb=');
    expect(warm.records[0]?.['tunables']).toBe(expected);
    expect(fresh.records[0]?.['tunables']).toBe(expected);
  });
});

describe('hugePageMallocTunables', () => {
  it('adds the tunable to none or to others, and keeps a hugetlb the user set', () => {
    expect(hugePageMallocTunables(undefined)).toBe(HUGE_PAGE_MALLOC_TUNABLE);
    expect(hugePageMallocTunables('')).toBe(HUGE_PAGE_MALLOC_TUNABLE);
    expect(hugePageMallocTunables('glibc.malloc.arena_max=2')).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    expect(hugePageMallocTunables('glibc.malloc.hugetlb=0')).toBe('glibc.malloc.hugetlb=0');
    expect(hugePageMallocTunables('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2')).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2');
  });
});
