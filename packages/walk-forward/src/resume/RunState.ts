import type { CodeIdentity } from '@wf/engine';

/**
 * The identity of a shard run, written to `run.json` in its output folder. `runKey` hashes
 * everything that decides the protocol files' bytes (protocol version, config without its
 * data paths, data fingerprint, code identity, the factors run); `--resume` refuses a folder
 * whose code identity differs (naming what changed) or whose key differs, so a resume with
 * another factor list is refused. Contains no time or absolute path (user modules are named
 * relative to the config), so equal runs write equal files.
 */
export type RunState = {
  readonly protocolVersion: number;
  readonly runKey: string;
  readonly dataFingerprint: string;
  /** The engine's built code and every user factor module with the local files it imports. */
  readonly codeIdentity: CodeIdentity;
  /** The shard label (wf-gates' shard index and count; 0 of 1 by hand): not part of runKey. */
  readonly shardIndex: number;
  readonly shardCount: number;
  /** The factors this shard runs (the list it was given), in id order. */
  readonly factors: readonly string[];
  /** K, windows per factor. */
  readonly windows: number;
};

/** One planned (factor, window) unit and how many rows it writes to the per-day/per-candidate files. */
export type PlannedUnit = {
  readonly factorId: string;
  readonly window: number;
  /** Rows in candidates.csv. */
  readonly candidates: number;
  /** Rows in oos_daily.csv (test days). */
  readonly testDays: number;
};
