import { describe, expect, it } from 'vitest';
import { LocalShardLauncher } from './LocalShardLauncher.js';
import { parseShardLogLine } from './parseShardLogLine.js';
import { walkForwardArgs } from './walkForwardArgs.js';

describe('walkForwardArgs', () => {
  it('maps a shard job to wf-walk-forward flags, its factors given and its index only a label, passing the optional ones only when set', () => {
    const job = { factorIds: ['macd', 'rsi'], shardIndex: 1, shardCount: 3, configPath: '/c.yaml', outDir: '/run/shards/1', pricesDir: null, useCache: false, cacheDir: '/cache', refreshCache: false, resume: false, concurrentShards: 2, workers: 1, heartbeatSeconds: 10, runLock: null, lockWaitMs: 2500, identity: null };
    expect(walkForwardArgs(job)).toEqual(['--config', '/c.yaml', '--out', '/run/shards/1', '--factors', 'macd,rsi', '--shard-index', '1', '--shard-count', '3', '--cache-dir', '/cache', '--log-level', 'info', '--lock-wait', '2.5', '--workers', '1', '--heartbeat-seconds', '10']);
    expect(walkForwardArgs({ ...job, runLock: { path: '/run/.lock', token: 't-1' } }).slice(20)).toEqual(['--run-lock', '/run/.lock', '--run-lock-token', 't-1']);
    expect(walkForwardArgs({ ...job, pricesDir: '/p', useCache: true, refreshCache: true, resume: true }).slice(20)).toEqual([
      '--prices',
      '/p',
      '--use-cache',
      '--refresh-cache',
      '--resume',
    ]);
    expect(walkForwardArgs({ ...job, maxMemoryBytes: 1.5 * 1024 ** 3 }).slice(20)).toEqual(['--max-memory-gb', '1.5']);
  });
});

describe('parseShardLogLine', () => {
  it('reads pino records and rejects plain lines and broken JSON', () => {
    expect(parseShardLogLine('{"level":30,"unitsDone":3,"msg":"heartbeat"}')).toEqual({ level: 30, unitsDone: 3, msg: 'heartbeat' });
    expect(parseShardLogLine('wf-walk-forward: shard index 3 is out of range')).toBeNull();
    expect(parseShardLogLine('{"level":30')).toBeNull();
    expect(parseShardLogLine('{"level":30}')).toBeNull();
  });
});

describe('LocalShardLauncher.nodeFlags', () => {
  const job = { factorIds: ['momentum'], shardIndex: 0, shardCount: 2, configPath: '/c.yaml', outDir: '/run/shards/0', pricesDir: null, useCache: false, cacheDir: '/cache', refreshCache: false, resume: false, workers: 1, heartbeatSeconds: 10, runLock: null, lockWaitMs: 0, identity: null };
  const launcher = (v8BackgroundThreads: 'auto' | 'on' | 'off') => new LocalShardLauncher({ walkForwardScript: '/wf.js', cores: 2, v8BackgroundThreads });

  it('turns V8 background threads off only when the concurrent shards and their workers fill every core (auto)', () => {
    expect(launcher('auto').nodeFlags({ ...job, concurrentShards: 1 })).toEqual([]);
    expect(launcher('auto').nodeFlags({ ...job, concurrentShards: 2 })).toEqual(['--single-threaded']);
    expect(launcher('auto').nodeFlags({ ...job, concurrentShards: 3 })).toEqual(['--single-threaded']);
    // A shard's pool workers count: one shard of two workers fills two cores.
    expect(launcher('auto').nodeFlags({ ...job, concurrentShards: 1, workers: 2 })).toEqual(['--single-threaded']);
  });

  it('honours on and off whatever the concurrency', () => {
    expect(launcher('on').nodeFlags({ ...job, concurrentShards: 4 })).toEqual([]);
    expect(launcher('off').nodeFlags({ ...job, concurrentShards: 1 })).toEqual(['--single-threaded']);
  });
});
