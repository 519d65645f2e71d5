import { Redis } from 'ioredis';

/**
 * One ioredis connection for BullMQ: `maxRetriesPerRequest: null`, as BullMQ requires of the
 * connections its workers block on. ioredis is loaded by BullMQ only optionally, so this
 * package depends on it and hands BullMQ its connections.
 */
export function redisConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}
