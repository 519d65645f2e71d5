import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '@wf/engine';
import { formatResultLine, NdjsonResultsStore } from '@wf/optimizer';
import type { NdjsonStoreRecovery, OpenNdjsonStoreOptions, ResultRecord, ResultsStore } from '@wf/optimizer';

/**
 * The old persistence style (benchmark baseline, `wf-bench sweep --checkpoint-style full-rewrite`): every
 * record is kept in memory and the whole results file is rewritten atomically (temp +
 * fsync + rename) at each checkpoint, so a checkpoint costs O(records so far) bytes and a
 * sweep O(n^2). The file ends byte-identical to NdjsonResultsStore's (same lines, same
 * order); in between it lags by up to one checkpoint interval (a killed process loses
 * what was appended since the last checkpoint).
 */
export class FullRewriteResultsStore implements ResultsStore {
  readonly path: string;
  private readonly lines: string[];
  private size: number;

  private constructor(path: string, lines: string[], size: number) {
    this.path = path;
    this.lines = lines;
    this.size = size;
  }

  /** Opens (creating if absent) the store at `path`; existing records are replayed and a torn last line cut off, as NdjsonResultsStore does. */
  static open(options: OpenNdjsonStoreOptions): { store: FullRewriteResultsStore; recovery: NdjsonStoreRecovery } {
    const { store: scanned, recovery } = NdjsonResultsStore.open(options);
    const bytes = scanned.bytes;
    scanned.close();
    const text = bytes === 0 ? '' : readFileSync(options.path, 'utf8');
    const lines = text === '' ? [] : text.slice(0, -1).split('\n').map((line) => `${line}\n`);
    return { store: new FullRewriteResultsStore(options.path, lines, bytes), recovery };
  }

  get records(): number {
    return this.lines.length;
  }

  get bytes(): number {
    return this.size;
  }

  append(record: ResultRecord): void {
    const line = formatResultLine(record);
    this.lines.push(line);
    this.size += Buffer.byteLength(line, 'utf8');
  }

  /** Rewrites the whole file with every record so far. */
  sync(): void {
    writeFileAtomic(this.path, this.lines.join(''), { fsync: true });
  }

  close(): void {
    // Nothing open between checkpoints: records not yet synced are lost, as in the old style.
  }
}
