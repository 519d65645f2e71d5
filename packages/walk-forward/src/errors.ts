import { WfError } from '@wf/engine';
import type { LockOwner } from './resume/RunFolderLock.js';

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

/** A run option with a bad value (e.g. `--heartbeat-every 0`, `--resume` with `--force`). */
export class InvalidRunOptionError extends WfError {
  readonly option: string;
  readonly value: string;

  constructor(facts: { option: string; value: unknown; expected: string }) {
    super('INVALID_RUN_OPTION', `${facts.option} ${String(facts.value)} is invalid; expected ${facts.expected}`);
    this.option = facts.option;
    this.value = String(facts.value);
  }
}

/** A lock file that cannot be created, read or understood (never guessed around: the folder is refused). */
export class LockFileError extends WfError {
  readonly lockFile: string;
  readonly problem: string;

  constructor(facts: { lockFile: string; problem: string; cause?: unknown }) {
    super('LOCK_FILE', `lock file ${facts.lockFile}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.lockFile = facts.lockFile;
    this.problem = facts.problem;
  }
}

/**
 * A file of a run folder cannot be opened, read, removed or truncated (writes fail as the
 * engine's FileWriteError; the folder itself as its OutputDirError).
 */
export class RunFileError extends WfError {
  readonly path: string;
  readonly operation: string;

  constructor(facts: { path: string; operation: string; cause?: unknown }) {
    const reason = (facts.cause as { code?: unknown } | undefined)?.code;
    super(
      'OUTPUT_DIR_IO',
      `cannot ${facts.operation} ${facts.path}${typeof reason === 'string' ? ` (${reason})` : ''}`,
      facts.cause === undefined ? undefined : { cause: facts.cause },
    );
    this.path = facts.path;
    this.operation = facts.operation;
  }
}

/**
 * `--resume` of a run whose recorded code identity (run.json of a shard, manifest.json of a
 * gate run) differs from the code running now: an edited user factor module or a file it
 * imports, a rebuilt engine, another node. Finished windows were computed by the old code,
 * so continuing would mix two codes in one report.
 */
export class ResumeCodeChangedError extends WfError {
  /** run.json or manifest.json. */
  readonly stateFile: string;
  /** One phrase per change (see diffCodeIdentity). */
  readonly changes: readonly string[];

  constructor(facts: { stateFile: string; changes: readonly string[] }) {
    super('RESUME_CODE_CHANGED', `code changed since the run started: ${facts.changes.join('; ')}; resume refused (start a new run)`);
    this.stateFile = facts.stateFile;
    this.changes = facts.changes;
  }
}

/** `--shard-index` outside 0..shardCount-1. */
export class ShardIndexOutOfRangeError extends WfError {
  readonly shardIndex: number;
  readonly shardCount: number;

  constructor(facts: { shardIndex: number; shardCount: number }) {
    super(
      'SHARD_INDEX_OUT_OF_RANGE',
      `shard index ${String(facts.shardIndex)} is out of range; expected an integer from 0 to ${facts.shardCount - 1} (shard count ${facts.shardCount})`,
    );
    this.shardIndex = facts.shardIndex;
    this.shardCount = facts.shardCount;
  }
}

/**
 * The orchestrator that started this shard is gone (its IPC channel closed, or its run
 * lock no longer holds the token it gave the shard): the shard stops before appending
 * another unit, so a resumed run is the only writer of the folder.
 */
export class ShardOrphanedError extends WfError {
  readonly outDir: string;
  readonly reason: string;

  constructor(facts: { outDir: string; reason: string }) {
    super('SHARD_ORPHANED', `stopped writing ${facts.outDir}: ${facts.reason}`);
    this.outDir = facts.outDir;
    this.reason = facts.reason;
  }
}

/** `--factors` names an id that the config does not list. */
export class UnknownFactorSelectionError extends WfError {
  readonly factorId: string;
  readonly configIds: readonly string[];

  constructor(facts: { factorId: string; configIds: readonly string[] }) {
    super(
      'UNKNOWN_FACTOR_SELECTION',
      `--factors names "${facts.factorId}", which the config does not list (config factors: ${facts.configIds.join(', ')})`,
    );
    this.factorId = facts.factorId;
    this.configIds = facts.configIds;
  }
}

/** A window length of PROTOCOL section 6 that cannot give a plan (zero or negative, or not an integer). */
export class InvalidWindowPlanError extends WfError {
  readonly key: string;
  readonly value: number;
  readonly min: number;

  constructor(facts: { key: string; value: number; min: number }) {
    super('INVALID_WINDOW_PLAN', `windows.${facts.key} is ${String(facts.value)}; expected an integer >= ${facts.min}`);
    this.key = facts.key;
    this.value = facts.value;
    this.min = facts.min;
  }
}
