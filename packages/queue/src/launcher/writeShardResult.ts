import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@wf/engine';
import { RUN_LOG_FILE } from '@wf/walk-forward';
import type { ShardQueueResult } from '../ShardQueueJob.js';

/**
 * Writes a job's returned files into the shard folder, after checking each one's name (a
 * plain file name) and byte count (what the worker read from disk); run.log is appended, as
 * a resumed local shard appends to its log. Returns the problem, or null.
 */
export function writeShardResult(outDir: string, result: ShardQueueResult): string | null {
  const names = Object.keys(result.files);
  for (const name of names) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') return `worker ${result.worker} returned a file with a bad name: ${JSON.stringify(name).slice(0, 120)}`;
    const text = result.files[name] ?? '';
    const size = Buffer.byteLength(text, 'utf8');
    if (size !== result.bytes[name]) return `worker ${result.worker} returned ${name} with ${size} bytes, not the ${String(result.bytes[name])} it read: the result was damaged`;
  }
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    const text = result.files[name] ?? '';
    if (name === RUN_LOG_FILE) appendFileSync(join(outDir, name), text);
    else writeFileAtomic(join(outDir, name), text);
  }
  return null;
}
