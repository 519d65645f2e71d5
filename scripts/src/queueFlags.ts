import { WfError } from '@wf/engine';

/** @wf/queue's DEFAULT_QUEUE_NAME, spelled out so a local run does not load the queue (scripts/test/queueFlags.test.ts checks they agree). */
export const QUEUE_NAME_DEFAULT = 'wf-shards';

/**
 * The checks of `--launcher`, `--redis-url` shared by wf-gates and wf-optimize: bullmq needs a
 * redis:// URL, only bullmq takes one, and its Redis must answer now (one line, exit 2,
 * instead of BullMQ's connections retrying forever).
 */
export async function checkQueueFlags(argv: { readonly launcher: 'local' | 'bullmq'; readonly redisUrl: string | undefined }): Promise<void> {
  if (argv.launcher === 'bullmq' && argv.redisUrl === undefined) throw new WfError('CLI_USAGE', '--launcher bullmq needs --redis-url (see --help)');
  if (argv.launcher !== 'bullmq' && argv.redisUrl !== undefined) throw new WfError('CLI_USAGE', '--redis-url goes with --launcher bullmq (see --help)');
  if (argv.redisUrl === undefined) return;
  if (!/^rediss?:\/\//.test(argv.redisUrl)) throw new WfError('CLI_USAGE', `--redis-url ${JSON.stringify(argv.redisUrl).slice(0, 120)} is invalid: expected redis://host:port`);
  // Loaded only for a queue run: BullMQ and ioredis are half of the CLI bundle's code.
  const { checkRedisReachable } = await import('@wf/queue');
  await checkRedisReachable({ redisUrl: argv.redisUrl });
}
