import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { LedgerError } from '../errors.js';

/** Options of {@link withLedgerLock}. */
export type LedgerLockOptions = {
  /** Give up after waiting this long for another writer (default 60 000). */
  readonly timeoutMs?: number;
  /** Wait between attempts (default 25). */
  readonly retryMs?: number;
};

/**
 * Runs `action` holding the exclusive lock every ledger writer shares (PROTOCOL section 8b):
 * the file `<ledger>.lock`, created with O_EXCL and holding the owner's pid, removed after
 * `action`. A lock whose owner process no longer exists (a writer killed while holding it)
 * is taken over. Waits synchronously between attempts: the holder's critical section is a
 * re-read, a small write and a rename.
 * @throws LedgerError when the lock stays held by a live process for `timeoutMs`.
 */
export function withLedgerLock<T>(ledgerPath: string, action: () => T, options: LedgerLockOptions = {}): T {
  const lockPath = `${ledgerPath}.lock`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retryMs = options.retryMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let fd: number | null = null;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new LedgerError({ file: ledgerPath, problem: `cannot create its lock ${lockPath}`, cause: error });
    }
    if (fd !== null) {
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      try {
        return action();
      } finally {
        rmSync(lockPath, { force: true });
      }
    }
    const stalePid = deadOwner(lockPath);
    if (stalePid !== null) {
      breakStaleLock(lockPath, stalePid);
      continue;
    }
    if (Date.now() >= deadline) throw new LedgerError({ file: ledgerPath, problem: `its lock ${lockPath} stayed held for ${timeoutMs} ms` });
    Atomics.wait(sleeper, 0, 0, retryMs);
  }
}

/** The pid named by the lock file when it is not a running process, else null. */
function deadOwner(lockPath: string): number | null {
  const pid = lockOwner(lockPath);
  // A lock being written (empty), unparsable or released meanwhile is treated as held.
  if (pid === null) return null;
  try {
    process.kill(pid, 0);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? pid : null;
  }
}

function lockOwner(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Removes a lock left by dead process `stalePid`. Two waiters may find the same stale lock;
 * the first one's rename takes it, and a waiter whose rename took a fresh lock instead (its
 * owner is not `stalePid`) links it back in place.
 */
function breakStaleLock(lockPath: string, stalePid: number): void {
  const aside = `${lockPath}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // gone already: the next attempt takes the lock
  }
  if (lockOwner(aside) !== stalePid) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third writer holds the lock path now; the fresh lock we moved cannot be restored.
    }
  }
  rmSync(aside, { force: true });
}
