import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FolderLockedError, LockFileError } from '../errors.js';

/** The lock file of a run or shard folder. */
export const LOCK_FILE = '.lock';

/** What a lock file holds: who owns the folder. */
export type LockOwner = {
  /** What holds it, for messages: `wf-gates`, `wf-walk-forward shard 1`. */
  readonly purpose: string;
  readonly pid: number;
  readonly hostname: string;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), null where unknown: tells a reused pid from the owner. */
  readonly procStart: string | null;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** Unique per acquisition: a shard is given its orchestrator's token and checks the run lock still holds it. */
  readonly token: string;
};

/** Options of {@link RunFolderLock.acquire}. */
export type AcquireLockOptions = {
  /** The folder to lock (created if absent). */
  readonly dir: string;
  /** What takes the lock, for messages (`wf-gates`, `wf-walk-forward shard 0`). */
  readonly purpose: string;
  /** How long to wait for a live owner to end before refusing (default 0: refuse at once). */
  readonly waitMs?: number;
  /** Poll period while waiting (default 50). */
  readonly pollMs?: number;
  /** Called when a stale lock (owner dead, or its pid now another process) is taken over. */
  readonly onTakeover?: (stale: LockOwner, reason: string) => void;
  /** Called once when a live owner makes this wait (waitMs > 0). */
  readonly onWait?: (owner: LockOwner) => void;
  /** Called before every try; throws to give up waiting (a shard whose orchestrator is gone). */
  readonly checkStillWanted?: () => void;
  /** Wall clock for `startedAt` (default new Date). */
  readonly wallClock?: () => Date;
};

/**
 * An exclusive lock on a run folder: the file `<dir>/.lock`, created atomically (the owner's
 * JSON is written to a temp file, then hard-linked to the lock name, which fails when it
 * exists, so no reader ever sees a half-written lock). Exactly one of several processes
 * racing for a folder gets it. A lock whose owner is dead (or whose pid now belongs to
 * another process, told by its start time) is stale and taken over under a short-lived
 * guard file, so two processes taking over the same stale lock cannot both win. A live
 * owner is waited for up to `waitMs`, then refused with {@link FolderLockedError}.
 *
 * Same-host only for liveness: a lock naming another host is treated as live.
 */
export class RunFolderLock {
  readonly dir: string;
  readonly path: string;
  readonly owner: LockOwner;
  /** The stale owner this lock replaced, if any. */
  readonly tookOver: LockOwner | null;
  /** True when acquire created `dir` (a refused run can remove it again with removeDirIfEmpty). */
  readonly createdDir: boolean;
  private released = false;

  private constructor(facts: { dir: string; owner: LockOwner; tookOver: LockOwner | null; createdDir: boolean }) {
    this.dir = facts.dir;
    this.path = join(facts.dir, LOCK_FILE);
    this.owner = facts.owner;
    this.tookOver = facts.tookOver;
    this.createdDir = facts.createdDir;
  }

  /** Takes the folder's lock, waiting up to `waitMs` for a live owner. @throws FolderLockedError, LockFileError */
  static async acquire(options: AcquireLockOptions): Promise<RunFolderLock> {
    const { dir, purpose } = options;
    const waitMs = options.waitMs ?? 0;
    const pollMs = options.pollMs ?? 50;
    const lockPath = join(dir, LOCK_FILE);
    let createdDir = false;
    try {
      createdDir = mkdirSync(dir, { recursive: true }) !== undefined;
    } catch (error) {
      throw new LockFileError({ lockFile: lockPath, problem: 'cannot create its folder', cause: error });
    }
    const owner: LockOwner = {
      purpose,
      pid: process.pid,
      hostname: hostname(),
      procStart: processStartTime(process.pid),
      startedAt: (options.wallClock ?? (() => new Date()))().toISOString(),
      token: randomUUID(),
    };
    const temp = join(dir, `${LOCK_FILE}.${process.pid}.${owner.token}.tmp`);
    writeOrThrow(temp, `${JSON.stringify(owner)}\n`, lockPath);
    const startedMs = performance.now();
    let waiting = false;
    try {
      for (;;) {
        options.checkStillWanted?.();
        if (tryLink(temp, lockPath)) return new RunFolderLock({ dir, owner, tookOver: null, createdDir });
        const current = readLockOwner(lockPath);
        if (current !== null) {
          const staleReason = whyStale(current);
          if (staleReason !== null) {
            const replaced = takeOver({ temp, lockPath, stale: current });
            if (replaced) {
              options.onTakeover?.(current, staleReason);
              return new RunFolderLock({ dir, owner, tookOver: current, createdDir });
            }
          } else {
            const waitedMs = performance.now() - startedMs;
            if (waitedMs >= waitMs) throw new FolderLockedError({ dir, lockFile: lockPath, owner: current, waitedMs: waitMs > 0 ? waitedMs : 0 });
            if (!waiting) options.onWait?.(current);
            waiting = true;
          }
        }
        await sleep(pollMs);
      }
    } finally {
      unlinkQuietly(temp);
    }
  }

  /** Removes the lock if it is still this one's. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const current = readLockOwner(this.path);
    if (current?.token === this.owner.token) unlinkQuietly(this.path);
  }

  /** After a refusal: releases the lock and removes the folder if acquire created it and it is empty again. */
  releaseAndRemoveDirIfEmpty(): void {
    this.release();
    if (!this.createdDir) return;
    try {
      rmdirSync(this.dir);
    } catch {
      // Not empty (or gone): leave it.
    }
  }
}

/**
 * Checks that the lock file at `lockFile` still holds `token` (a shard checking its
 * orchestrator's run lock). Returns null when it does, else why not.
 */
export function lockTokenProblem(lockFile: string, token: string): string | null {
  let owner: LockOwner | null;
  try {
    owner = readLockOwner(lockFile);
  } catch (error) {
    return (error as Error).message;
  }
  if (owner === null) return `the run lock ${lockFile} is gone`;
  if (owner.token !== token) return `the run lock ${lockFile} now belongs to ${owner.purpose} (pid ${owner.pid}), not to the run that started this shard`;
  return null;
}

/** The owner recorded in a lock file, or null when there is none. @throws LockFileError when it is unreadable or not a lock. */
export function readLockOwner(lockFile: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw new LockFileError({ lockFile, problem: 'cannot read it', cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LockFileError({ lockFile, problem: 'it is not a lock written by this project (not JSON); remove it if no run is using the folder' });
  }
  const owner = value as Partial<LockOwner> | null;
  if (owner === null || typeof owner.pid !== 'number' || typeof owner.token !== 'string' || typeof owner.hostname !== 'string') {
    throw new LockFileError({ lockFile, problem: 'it lacks pid, hostname or token; remove it if no run is using the folder' });
  }
  return {
    purpose: typeof owner.purpose === 'string' ? owner.purpose : 'another run',
    pid: owner.pid,
    hostname: owner.hostname,
    procStart: typeof owner.procStart === 'string' ? owner.procStart : null,
    startedAt: typeof owner.startedAt === 'string' ? owner.startedAt : '?',
    token: owner.token,
  };
}

/** True when lock files (the lock, its takeover guard, their temp files) are all a folder entry is: emptiness checks ignore them. */
export function isLockFileName(name: string): boolean {
  return name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);
}

/**
 * Whether `pid` is a running process (not a zombie) on this host, and, when `procStart` is
 * given and known here, the same process that recorded it.
 */
export function isProcessAlive(pid: number, procStart: string | null = null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EPERM') return false;
  }
  const stat = readProcStat(pid);
  if (stat === null) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return procStart === null || stat.start === procStart;
}

/** Why `owner` no longer owns its lock (dead, or its pid reused), or null when it is live or cannot be told (another host). */
function whyStale(owner: LockOwner): string | null {
  if (owner.hostname !== hostname()) return null;
  if (owner.pid === process.pid && owner.procStart === processStartTime(process.pid)) return null;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EPERM') return `process ${owner.pid} is gone`;
  }
  const stat = readProcStat(owner.pid);
  if (stat === null) return null;
  if (stat.state === 'Z' || stat.state === 'X') return `process ${owner.pid} is gone (a zombie)`;
  if (owner.procStart !== null && stat.start !== owner.procStart) return `pid ${owner.pid} now belongs to another process`;
  return null;
}

/**
 * Replaces the stale lock by ours under the guard `<lock>.takeover` (created like the lock):
 * the holder of the guard re-reads the lock and replaces it only if it still names the
 * stale owner. Returns false when someone else is taking over or the lock changed (retry).
 */
function takeOver(options: { temp: string; lockPath: string; stale: LockOwner }): boolean {
  const { temp, lockPath, stale } = options;
  const guard = `${lockPath}.takeover`;
  if (!tryLink(temp, guard)) {
    const guardOwner = readLockOwner(guard);
    if (guardOwner !== null && whyStale(guardOwner) !== null) {
      throw new LockFileError({ lockFile: guard, problem: `process ${guardOwner.pid} died while taking over the lock; remove ${guard} if no run is using the folder` });
    }
    return false;
  }
  try {
    const current = readLockOwner(lockPath);
    if (current !== null && current.token !== stale.token) return false;
    if (current !== null) {
      try {
        unlinkSync(lockPath);
      } catch (error) {
        throw new LockFileError({ lockFile: lockPath, problem: 'cannot remove the stale lock', cause: error });
      }
    }
    if (!tryLink(temp, lockPath)) throw new LockFileError({ lockFile: lockPath, problem: 'it reappeared while the takeover guard was held' });
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

/** Hard-links `temp` to `path`: true when created, false when `path` exists. */
function tryLink(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw new LockFileError({ lockFile: path, problem: 'cannot create it', cause: error });
  }
}

function writeOrThrow(path: string, text: string, lockFile: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch (error) {
    throw new LockFileError({ lockFile, problem: `cannot write ${path}`, cause: error });
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** Start time of `pid` in clock ticks since boot (Linux /proc), or null. */
function processStartTime(pid: number): string | null {
  return readProcStat(pid)?.start ?? null;
}

function readProcStat(pid: number): { state: string; start: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  return state === undefined || start === undefined ? null : { state, start };
}
