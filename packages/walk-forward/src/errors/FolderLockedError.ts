import { WfError } from '@wf/engine';
import type { LockOwner } from '../resume/RunFolderLock.js';

/** Another live process holds the folder's lock (a racing run, or an orphan shard still writing). */
export class FolderLockedError extends WfError {
  readonly dir: string;
  readonly lockFile: string;
  readonly owner: LockOwner;
  readonly waitedMs: number;

  constructor(facts: { dir: string; lockFile: string; owner: LockOwner; waitedMs: number }) {
    const { owner } = facts;
    const waited = facts.waitedMs > 0 ? ` (waited ${(facts.waitedMs / 1000).toFixed(1)} s)` : '';
    super(
      'FOLDER_LOCKED',
      `output folder ${facts.dir} is locked by ${owner.purpose} (pid ${owner.pid} on ${owner.hostname}, started ${owner.startedAt})${waited}; ` +
        `wait for it to end, or remove ${facts.lockFile} if that process is gone`,
    );
    this.dir = facts.dir;
    this.lockFile = facts.lockFile;
    this.owner = owner;
    this.waitedMs = facts.waitedMs;
  }
}
