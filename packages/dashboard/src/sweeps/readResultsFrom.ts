import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseResultLine } from '@wf/optimizer';

/** The fields of a sweep result the dashboard plots. */
export type SweepPoint = {
  readonly ordinal: number;
  readonly params: string;
  readonly status: string;
  /** The objective (null when undefined or not OK). */
  readonly objective: number | null;
};

/** Most bytes one call reads (later records come with the next call). */
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The complete records of a sweep's `results.ndjson` from byte `offset` on (at most 4 MB per
 * call) and the offset to ask from next: the file is never read whole, and a line still being
 * written waits for the next call.
 */
export function readResultsFrom(path: string, offset: number): { points: SweepPoint[]; next: number; size: number } {
  if (!existsSync(path)) return { points: [], next: offset, size: 0 };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = offset > size ? 0 : offset;
    const length = Math.min(size - start, MAX_CHUNK_BYTES);
    if (length <= 0) return { points: [], next: start, size };
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, start);
    const end = buffer.lastIndexOf(0x0a);
    if (end < 0) return { points: [], next: start, size };
    const points: SweepPoint[] = [];
    for (const line of buffer.subarray(0, end).toString('utf8').split('\n')) {
      const record = parseResultLine(line);
      if (record === null) continue;
      points.push({ ordinal: record.ordinal, params: record.params, status: record.status, objective: Number.isFinite(record.objective) && record.status === 'OK' ? record.objective : null });
    }
    return { points, next: start + end + 1, size };
  } finally {
    closeSync(fd);
  }
}
