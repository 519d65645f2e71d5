import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isLockFileName, RUN_LOG_FILE } from '@wf/walk-forward';
import { ShardJobRefusedError } from './errors.js';

/** A shard folder's files as text, with the UTF-8 byte length of each (checked where they are written). */
export type ShardFiles = {
  readonly files: Readonly<Record<string, string>>;
  readonly bytes: Readonly<Record<string, number>>;
};

/**
 * Reads a shard folder's files (protocol files, run.json, and run.log unless `withLog` is
 * false), in name order, lock files and folders left out: what a worker returns, and what a
 * resumed or retried job carries to the worker that continues it. Refuses (ShardJobRefusedError)
 * past `maxBytes` in all.
 */
export function readShardFiles(options: { readonly dir: string; readonly withLog: boolean; readonly maxBytes: number; readonly worker: string }): ShardFiles {
  const files: Record<string, string> = {};
  const bytes: Record<string, number> = {};
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(options.dir).sort();
  } catch {
    return { files, bytes };
  }
  for (const name of names) {
    if (isLockFileName(name) || (name === RUN_LOG_FILE && !options.withLog) || !statSync(join(options.dir, name)).isFile()) continue;
    const buffer = readFileSync(join(options.dir, name));
    total += buffer.length;
    if (total > options.maxBytes) {
      throw new ShardJobRefusedError({ worker: options.worker, reason: `the shard's files exceed the result limit of ${options.maxBytes} bytes (at ${name}: ${total} bytes so far)` });
    }
    files[name] = buffer.toString('utf8');
    bytes[name] = buffer.length;
  }
  return { files, bytes };
}
