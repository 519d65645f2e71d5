import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@wf/engine';
import type { ResultRecord } from './ResultRecord.js';

/** A top-K entry as the checkpoint and `top.json` hold it. */
export type TopEntrySummary = {
  readonly rank: number;
  readonly ordinal: number;
  readonly signature: string;
  readonly params: string;
  readonly portfolio: string;
  readonly objective: number | null;
};

/**
 * The light checkpoint of a sweep, rewritten atomically every `checkpointInterval`
 * candidates: its size depends on K, not on the number of candidates. The processed
 * signatures are the first `storeRecords` records of the results store (the store is the
 * log; the checkpoint says how much of it is vouched for). Complete records past that
 * point are recovered on resume too.
 */
export type SweepCheckpoint = {
  readonly format: 1;
  /** Hash of the sweep's identity (run.json): a checkpoint of another sweep is refused. */
  readonly runKey: string;
  readonly storeRecords: number;
  readonly storeBytes: number;
  readonly top: readonly TopEntrySummary[];
};

export function writeCheckpoint(path: string, checkpoint: SweepCheckpoint): void {
  writeFileAtomic(path, JSON.stringify(checkpoint) + '\n', { fsync: true });
}

/** The checkpoint at `path`, or null when there is none. */
export function readCheckpoint(path: string): SweepCheckpoint | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  return JSON.parse(text) as SweepCheckpoint;
}

/** The summary of a kept entry. */
export function topEntrySummary(rank: number, record: Pick<ResultRecord, 'ordinal' | 'signature' | 'params' | 'portfolio' | 'objective'>): TopEntrySummary {
  return {
    rank,
    ordinal: record.ordinal,
    signature: record.signature,
    params: record.params,
    portfolio: record.portfolio,
    objective: Number.isFinite(record.objective) ? record.objective : null,
  };
}
