import { Redis } from 'ioredis';
import { RedisUnreachableError } from './errors.js';

/**
 * One ioredis connection for BullMQ: `maxRetriesPerRequest: null`, as BullMQ requires of the
 * connections its workers block on. ioredis is loaded by BullMQ only optionally, so this
 * package depends on it and hands BullMQ its connections.
 */
export function redisConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

/**
 * Checks that Redis answers PING within `timeoutMs`, with a client that does not retry: the
 * connections BullMQ uses retry forever, so a wrong URL would otherwise hang a CLI silently.
 */
export async function checkRedisReachable(options: { readonly redisUrl: string; readonly timeoutMs?: number }): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const client = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  let lastError: unknown = null;
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const cause = lastError ?? error;
    throw new RedisUnreachableError({ redisUrl: options.redisUrl, reason: cause instanceof Error ? cause.message : String(cause), cause });
  } finally {
    client.disconnect();
  }
}
