import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { ResultRecord } from './ResultRecord.js';
import { formatResultLine, parseResultLine } from './ResultRecord.js';
import type { ResultsStore } from './ResultsStore.js';
import { ResultsStoreCorruptError } from '../errors.js';

export type OpenNdjsonStoreOptions = {
  readonly path: string;
  /** Called with each record already in the file, in file order (resume). */
  readonly onExisting?: (record: ResultRecord) => void;
};

/** What opening found in an existing file. */
export type NdjsonStoreRecovery = {
  readonly records: number;
  /** Bytes of a torn last line (no newline, or not a record) cut off; 0 when the file was clean. */
  readonly tornBytes: number;
};

const READ_CHUNK = 1 << 20;

/**
 * The results store as NDJSON: one JSON record per line, appended with one `write` per
 * record on a file opened for append (no user-space buffer, so a SIGKILL loses nothing
 * already appended; `sync` fsyncs at checkpoints). Appending costs the same at the
 * millionth record as at the first. Opening an existing file streams it once (1 MiB
 * chunks, constant memory) to replay its records and cuts off a torn last line.
 */
export class NdjsonResultsStore implements ResultsStore {
  readonly path: string;
  private fd: number;
  private count: number;
  private size: number;

  private constructor(path: string, fd: number, count: number, size: number) {
    this.path = path;
    this.fd = fd;
    this.count = count;
    this.size = size;
  }

  /** Opens (creating if absent) the store at `path`, replaying and repairing what is there. */
  static open(options: OpenNdjsonStoreOptions): { store: NdjsonResultsStore; recovery: NdjsonStoreRecovery } {
    const fd = openSync(options.path, 'a+');
    try {
      const { records, validBytes, totalBytes } = scan(fd, options);
      if (validBytes < totalBytes) ftruncateSync(fd, validBytes);
      return { store: new NdjsonResultsStore(options.path, fd, records, validBytes), recovery: { records, tornBytes: totalBytes - validBytes } };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get records(): number {
    return this.count;
  }

  get bytes(): number {
    return this.size;
  }

  append(record: ResultRecord): void {
    const line = Buffer.from(formatResultLine(record), 'utf8');
    let offset = 0;
    while (offset < line.length) offset += writeSync(this.fd, line, offset, line.length - offset);
    this.count += 1;
    this.size += line.length;
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

function scan(fd: number, options: OpenNdjsonStoreOptions): { records: number; validBytes: number; totalBytes: number } {
  const totalBytes = fstatSync(fd).size;
  const buffer = Buffer.alloc(READ_CHUNK);
  let carry = Buffer.alloc(0);
  let position = 0;
  let validBytes = 0;
  let records = 0;
  let lineNumber = 0;
  // A line that fails to parse is torn only if it is the last one; remember it until we know.
  let pending: { text: string; line: number } | null = null;
  while (position < totalBytes) {
    const read = readSync(fd, buffer, 0, Math.min(READ_CHUNK, totalBytes - position), position);
    if (read === 0) break;
    position += read;
    let data = carry.length === 0 ? buffer.subarray(0, read) : Buffer.concat([carry, buffer.subarray(0, read)]);
    let start = 0;
    for (let newline = data.indexOf(10, start); newline >= 0; newline = data.indexOf(10, start)) {
      const text = data.toString('utf8', start, newline);
      lineNumber += 1;
      if (pending !== null) throw new ResultsStoreCorruptError({ file: options.path, line: pending.line, text: pending.text });
      const record = parseResultLine(text);
      if (record === null) {
        pending = { text, line: lineNumber };
      } else {
        records += 1;
        validBytes += newline + 1 - start;
        options.onExisting?.(record);
      }
      start = newline + 1;
    }
    carry = Buffer.from(data.subarray(start));
    data = Buffer.alloc(0);
  }
  return { records, validBytes, totalBytes };
}
