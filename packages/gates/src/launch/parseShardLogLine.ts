import type { ShardLogRecord } from './ShardLauncher.js';

/** A shard's stderr line as a pino record, or null when it is not one (e.g. its one-line error message). */
export function parseShardLogLine(line: string): ShardLogRecord | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && typeof (value as { msg?: unknown }).msg === 'string') return value as ShardLogRecord;
  } catch {
    // Not JSON: a plain line.
  }
  return null;
}
