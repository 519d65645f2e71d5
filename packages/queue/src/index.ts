export { BullmqShardLauncher } from './launcher/BullmqShardLauncher.js';
export type { BullmqShardLauncherOptions } from './launcher/BullmqShardLauncher.js';
export { ShardJobRefusedError } from './errors.js';
export { DEFAULT_QUEUE_NAME } from './ShardQueueJob.js';
export type { ShardProgressRecord, ShardQueueJobData, ShardQueueResult } from './ShardQueueJob.js';
export { runShardJob } from './worker/runShardJob.js';
export type { RunShardJobOptions } from './worker/runShardJob.js';
export { startShardWorker } from './worker/ShardWorker.js';
export type { ShardWorker, ShardWorkerOptions } from './worker/ShardWorker.js';
