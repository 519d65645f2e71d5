import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOptimization } from '@wf/optimizer';
import type { RunOptimizationOptions } from '@wf/optimizer';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepImplementation } from '../src/index.js';
import type { SweepBaselines } from '../src/index.js';
import { writeBenchWorkspace } from './writeBenchWorkspace.js';

let dir: string;
let config: string;
let spacePath: string;

beforeAll(() => {
  ({ dir, config } = writeBenchWorkspace({ prefix: 'wf-bench-baselines-', symbols: 40, seed: 11 }));
  spacePath = join(dir, 'space.yaml');
  writeFileSync(spacePath, 'params: { lookback: [2, 3, 5, 8] }\nportfolio: { holding_days: [1, 2], cost_bps: [0, 10] }\n');
});

const PRODUCT: SweepBaselines = { checkpointStyle: 'append', timeouts: 'watchdog', executor: 'threads', memoize: true };

async function sweep(name: string, baselines: Partial<SweepBaselines>, overrides: Partial<RunOptimizationOptions> = {}): Promise<{ results: string; top: string; evaluated: number; computed: number }> {
  const outDir = join(dir, name);
  const workers = overrides.workers ?? 2;
  const result = await runOptimization({
    configPath: config,
    factorId: 'reversal',
    pricesDir: null,
    spacePath,
    start: null,
    end: null,
    cacheDir: null,
    strategy: 'grid',
    budget: null,
    seed: 42,
    workers,
    timeoutMs: null,
    artifacts: { kind: 'none' },
    checkpointInterval: 3,
    outDir,
    resume: false,
    force: false,
    implementation: sweepImplementation({ ...PRODUCT, ...baselines }, workers),
    ...overrides,
  });
  return {
    results: readFileSync(join(outDir, 'results.ndjson'), 'utf8'),
    top: readFileSync(join(outDir, 'top.json'), 'utf8'),
    evaluated: result.telemetry.evaluated,
    computed: result.telemetry.engine.computed,
  };
}

describe('sweep baselines (old styles kept for wf-bench)', () => {
  it('write byte-identical results.ndjson and top.json to the product sweep in every old style', async () => {
    const reference = await sweep('threads', {});
    expect(reference.evaluated).toBe(16);
    const modes: [string, Partial<SweepBaselines>, Partial<RunOptimizationOptions>][] = [
      ['full-rewrite', { checkpointStyle: 'full-rewrite' }, {}],
      ['per-candidate-pool', { timeouts: 'per-candidate-pool' }, { timeoutMs: 60_000 }],
      ['processes', { executor: 'processes' }, { timeoutMs: 60_000 }],
      ['memo-off', { memoize: false }, { workers: 0 }],
    ];
    for (const [name, baselines, overrides] of modes) {
      const out = await sweep(name, baselines, overrides);
      expect(out.results, name).toBe(reference.results);
      expect(out.top, name).toBe(reference.top);
    }
    // A pool per candidate has no memo to share: every candidate computes its score matrix.
    expect((await sweep('per-candidate-pool-2', { timeouts: 'per-candidate-pool' })).computed).toBe(16);
  }, 300_000);

  it('refuses the worker-only old styles without workers, and the two executor styles together', () => {
    expect(() => sweepImplementation({ ...PRODUCT, executor: 'processes' }, 0)).toThrow(/processes needs --workers >= 1/);
    expect(() => sweepImplementation({ ...PRODUCT, timeouts: 'per-candidate-pool' }, 0)).toThrow(/per-candidate-pool needs worker threads/);
    expect(() => sweepImplementation({ ...PRODUCT, executor: 'processes', timeouts: 'per-candidate-pool' }, 2)).toThrow(/cannot be combined with --executor processes/);
  });
});
