import type { ResultRecord } from './ResultRecord.js';

/**
 * Where a sweep's results go as each candidate finishes: append-only, constant cost per
 * record, durable enough that a killed process loses at most the record being written.
 */
export interface ResultsStore {
  /** Appends one record and hands it to the operating system before returning. */
  append(record: ResultRecord): void;
  /** Forces appended records to stable storage (called at checkpoints). */
  sync(): void;
  /** Records in the store (including those found on open). */
  readonly records: number;
  /** Size of the store in bytes. */
  readonly bytes: number;
  close(): void;
}
