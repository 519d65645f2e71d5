import type { ShardLogRecord } from '../launch/ShardLauncher.js';
import type { ShardError } from '../manifest/GateManifest.js';

/** The log record a shard writes (to its run.log and stderr) when it fails, before it exits 2. */
export const SHARD_FAILED_RECORD = 'shard failed';

/** The error of a shard's `shard failed` log record (`{ error: { name, message, stack } }`), or null for any other record. */
export function shardErrorOf(record: ShardLogRecord): ShardError | null {
  if (record.msg !== SHARD_FAILED_RECORD) return null;
  const error = record['error'] as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return null;
  return {
    name: typeof error.name === 'string' ? error.name : 'Error',
    message: error.message,
    stack: typeof error.stack === 'string' ? error.stack : null,
  };
}
