import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOptimization } from '../src/index.js';
import type { RunOptimizationOptions } from '../src/index.js';
import { writeSampleWorkspace } from './fixtures.js';

let workspace: { dir: string; config: string };
let spacePath: string;

beforeAll(() => {
  workspace = writeSampleWorkspace({ symbols: 40, days: 300 });
  spacePath = join(workspace.dir, 'space.yaml');
  writeFileSync(spacePath, 'params: { lookback: [2, 3, 5, 8] }\nportfolio: { holding_days: [1, 2], cost_bps: [0, 10] }\n');
});

async function sweep(name: string, overrides: Partial<RunOptimizationOptions>): Promise<{ results: string; top: string; evaluated: number; computed: number }> {
  const outDir = join(workspace.dir, name);
  const result = await runOptimization({
    configPath: workspace.config,
    factorId: 'reversal',
    pricesDir: null,
    spacePath,
    start: null,
    end: null,
    cacheDir: null,
    strategy: 'grid',
    budget: null,
    seed: 42,
    workers: 2,
    timeoutMs: null,
    artifacts: { kind: 'none' },
    checkpointInterval: 3,
    outDir,
    resume: false,
    force: false,
    ...overrides,
  });
  return {
    results: readFileSync(join(outDir, 'results.ndjson'), 'utf8'),
    top: readFileSync(join(outDir, 'top.json'), 'utf8'),
    evaluated: result.telemetry.evaluated,
    computed: result.telemetry.engine.computed,
  };
}

describe('implementation modes (benchmark baselines)', () => {
  it('write byte-identical results.ndjson and top.json in every old style except json signatures', async () => {
    const reference = await sweep('threads', {});
    expect(reference.evaluated).toBe(16);
    const modes: [string, Partial<RunOptimizationOptions>][] = [
      ['full-rewrite', { checkpointStyle: 'full-rewrite' }],
      ['per-candidate-pool', { timeouts: 'per-candidate-pool', timeoutMs: 60_000 }],
      ['processes', { executor: 'processes', timeoutMs: 60_000 }],
      ['memo-off', { workers: 0, memoize: false }],
    ];
    for (const [name, overrides] of modes) {
      const out = await sweep(name, overrides);
      expect(out.results, name).toBe(reference.results);
      expect(out.top, name).toBe(reference.top);
    }
    // A pool per candidate has no memo to share: every candidate computes its score matrix.
    expect((await sweep('per-candidate-pool-2', { timeouts: 'per-candidate-pool' })).computed).toBe(16);

    const json = await sweep('json', { signatures: 'json' });
    expect(json.results).not.toBe(reference.results);
    const strip = (text: string): unknown[] =>
      text
        .trimEnd()
        .split('\n')
        .map((line) => {
          const { signature, ...rest } = JSON.parse(line) as Record<string, unknown>;
          expect(signature).toMatch(/^[0-9a-f]{16}$/);
          return rest;
        });
    expect(strip(json.results)).toEqual(strip(reference.results));
  }, 300_000);

  it('refuses the worker-only old styles without workers', async () => {
    await expect(sweep('bad-processes', { workers: 0, executor: 'processes' })).rejects.toThrow(/processes needs --workers >= 1/);
    await expect(sweep('bad-pool', { workers: 0, timeouts: 'per-candidate-pool' })).rejects.toThrow(/per-candidate-pool needs worker threads/);
  });
});
