import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderLockedError, LockFileError } from '../errors.js';
import { isLockFileName, isProcessAlive, LOCK_FILE, lockTokenProblem, readLockOwner, RunFolderLock } from './RunFolderLock.js';
import type { LockOwner } from './RunFolderLock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has ended (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

function writeLock(owner: Partial<LockOwner> & { pid: number }): void {
  const full: LockOwner = { purpose: 'wf-gates', hostname: hostname(), procStart: null, startedAt: '2026-12-02T00:00:00.000Z', token: 'old-token', ...owner };
  writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify(full)}\n`);
}

describe('RunFolderLock', () => {
  it('creates the lock with its owner, refuses a second taker at once, and frees the folder on release', async () => {
    const lock = await RunFolderLock.acquire({ dir, purpose: 'first' });
    expect(readLockOwner(lock.path)).toEqual(lock.owner);
    expect(lock.owner).toMatchObject({ purpose: 'first', pid: process.pid, hostname: hostname() });
    await expect(RunFolderLock.acquire({ dir, purpose: 'second' })).rejects.toThrow(FolderLockedError);
    await expect(RunFolderLock.acquire({ dir, purpose: 'second' })).rejects.toThrow(new RegExp(`^output folder .* is locked by first \\(pid ${process.pid} on `));
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    (await RunFolderLock.acquire({ dir, purpose: 'third' })).release();
  });

  it('lets exactly one of many concurrent takers have the lock', async () => {
    const settled = await Promise.allSettled(Array.from({ length: 8 }, (_, k) => RunFolderLock.acquire({ dir: join(dir, 'run'), purpose: `taker ${k}` })));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(FolderLockedError);
    expect(readdirSync(join(dir, 'run'))).toEqual([LOCK_FILE]);
  });

  it('takes over the lock of a dead process, saying why, and exactly one of two takers does', async () => {
    const pid = deadPid();
    writeLock({ pid });
    const takeovers: string[] = [];
    const settled = await Promise.allSettled(
      [0, 1].map((k) => RunFolderLock.acquire({ dir, purpose: `resume ${k}`, onTakeover: (stale, reason) => takeovers.push(`${stale.token}: ${reason}`) })),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(takeovers).toEqual([`old-token: process ${pid} is gone`]);
    const lock = (settled.find((s) => s.status === 'fulfilled') as PromiseFulfilledResult<RunFolderLock>).value;
    expect(lock.tookOver?.pid).toBe(pid);
    expect(readLockOwner(join(dir, LOCK_FILE))?.token).toBe(lock.owner.token);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it('takes over a lock whose pid now belongs to another process (start time differs), and refuses one of another host', async () => {
    const mine = await RunFolderLock.acquire({ dir: join(dir, 'x'), purpose: 'probe' });
    const procStart = mine.owner.procStart;
    mine.release();
    expect(procStart).toMatch(/^\d+$/);
    writeLock({ pid: process.pid, procStart: String(Number(procStart) + 1) });
    const reasons: string[] = [];
    (await RunFolderLock.acquire({ dir, purpose: 'new', onTakeover: (_, reason) => reasons.push(reason) })).release();
    expect(reasons).toEqual([`pid ${process.pid} now belongs to another process`]);
    writeLock({ pid: deadPid(), hostname: 'another-host' });
    await expect(RunFolderLock.acquire({ dir, purpose: 'new' })).rejects.toThrow(/is locked by wf-gates \(pid \d+ on another-host/);
  });

  it('waits for a live owner to end within waitMs, telling once that it waits', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 400)']);
    const exited = new Promise((done) => child.on('exit', done));
    writeLock({ pid: child.pid as number });
    const waits: number[] = [];
    const lock = await RunFolderLock.acquire({ dir, purpose: 'resumed shard', waitMs: 30_000, pollMs: 20, onWait: (owner) => waits.push(owner.pid) });
    await exited;
    expect(waits).toEqual([child.pid]);
    expect(lock.tookOver?.pid).toBe(child.pid);
    lock.release();
  });

  it('refuses after waitMs while the owner lives, and gives up waiting when checkStillWanted throws', async () => {
    writeLock({ pid: process.pid });
    await expect(RunFolderLock.acquire({ dir, purpose: 'late', waitMs: 150, pollMs: 20 })).rejects.toThrow(/ \(waited 0\.\d s\); wait for it to end, or remove .*\.lock/);
    let tries = 0;
    const stop = (): void => {
      if (++tries === 3) throw new Error('orchestrator gone');
    };
    await expect(RunFolderLock.acquire({ dir, purpose: 'orphan', waitMs: 60_000, pollMs: 10, checkStillWanted: stop })).rejects.toThrow('orchestrator gone');
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it('refuses a lock file it cannot understand, never guessing', async () => {
    writeFileSync(join(dir, LOCK_FILE), 'pid=12\n');
    await expect(RunFolderLock.acquire({ dir, purpose: 'x' })).rejects.toThrow(LockFileError);
    writeFileSync(join(dir, LOCK_FILE), '{"pid":12}\n');
    await expect(RunFolderLock.acquire({ dir, purpose: 'x' })).rejects.toThrow(/lacks pid, hostname or token/);
  });

  it('removes the folder it created when released after a refusal, and leaves a folder it found', async () => {
    const created = await RunFolderLock.acquire({ dir: join(dir, 'new'), purpose: 'x' });
    expect(created.createdDir).toBe(true);
    created.releaseAndRemoveDirIfEmpty();
    expect(existsSync(join(dir, 'new'))).toBe(false);
    const found = await RunFolderLock.acquire({ dir, purpose: 'x' });
    expect(found.createdDir).toBe(false);
    found.releaseAndRemoveDirIfEmpty();
    expect(existsSync(dir)).toBe(true);
  });
});

describe('lockTokenProblem', () => {
  it('is null while the lock holds the token, and says why not once it is gone or replaced', async () => {
    const lock = await RunFolderLock.acquire({ dir, purpose: 'wf-gates' });
    expect(lockTokenProblem(lock.path, lock.owner.token)).toBeNull();
    expect(lockTokenProblem(lock.path, 'other')).toMatch(/now belongs to wf-gates \(pid \d+\), not to the run that started this shard/);
    lock.release();
    expect(lockTokenProblem(lock.path, lock.owner.token)).toMatch(/is gone$/);
  });
});

describe('isProcessAlive and isLockFileName', () => {
  it('tells a live process from a dead one, and lock files from others', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
    expect(['.lock', '.lock.takeover', '.lock.12.ab.tmp', 'run.log', 'x.lock'].map(isLockFileName)).toEqual([true, true, true, false, false]);
  });
});
