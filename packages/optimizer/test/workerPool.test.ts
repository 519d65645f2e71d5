import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOptimization } from '../src/index.js';
import type { RunOptimizationOptions } from '../src/index.js';
import { writeSampleWorkspace } from './fixtures.js';

let workspace: { dir: string; config: string };

beforeAll(() => {
  workspace = writeSampleWorkspace({ symbols: 60, days: 400 });
});

function run(overrides: Partial<RunOptimizationOptions> & { outDir: string; spacePath: string; factorId: string }): ReturnType<typeof runOptimization> {
  return runOptimization({
    configPath: workspace.config,
    pricesDir: null,
    start: null,
    end: null,
    cacheDir: null,
    strategy: 'grid',
    budget: null,
    seed: 42,
    workers: 0,
    timeoutMs: null,
    artifacts: { kind: 'none' },
    checkpointInterval: 50,
    resume: false,
    force: false,
    ...overrides,
  });
}

describe('worker pool', () => {
  it('gives byte-identical results in-process, with 1 worker and with 2 workers, each score matrix built once', async () => {
    const spacePath = join(workspace.dir, 'space.yaml');
    writeFileSync(spacePath, 'params: { lookback: { min: 2, max: 30, step: 1 } }\nportfolio: { holding_days: [1, 2], cost_bps: [0, 10] }\n');
    const outputs: string[] = [];
    for (const workers of [0, 1, 2]) {
      const outDir = join(workspace.dir, `out-w${workers}`);
      const result = await run({ outDir, spacePath, factorId: 'reversal', workers, artifacts: { kind: 'top', n: 2 } });
      expect(result.telemetry.evaluated).toBe(29 * 4);
      expect(result.telemetry.engine.computed).toBeLessThanOrEqual(29 + workers);
      outputs.push(readFileSync(join(outDir, 'results.ndjson'), 'utf8') + readFileSync(join(outDir, 'artifacts', readdirFirst(join(outDir, 'artifacts'))), 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  it('records a candidate over the time limit as TIMEOUT, replaces the hung worker and finishes the rest', async () => {
    const spacePath = join(workspace.dir, 'slow.yaml');
    writeFileSync(spacePath, 'lookback: [3, 5]\ndelay_ms: [0, 20000]\n');
    const outDir = join(workspace.dir, 'out-timeout');
    const result = await run({ outDir, spacePath, factorId: 'slow_reversal', workers: 1, timeoutMs: 1000 });
    const rows = readFileSync(join(outDir, 'results.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { params: string; status: string; error: string | null });
    expect(rows.map((r) => [r.params, r.status])).toEqual([
      ['delay_ms=0;lookback=3', 'OK'],
      ['delay_ms=0;lookback=5', 'OK'],
      ['delay_ms=20000;lookback=3', 'TIMEOUT'],
      ['delay_ms=20000;lookback=5', 'TIMEOUT'],
    ]);
    expect(rows[2]?.error).toBe('exceeded 1000 ms');
    expect(result.telemetry.timeouts).toBe(2);
    expect(result.telemetry.workersReplaced).toBe(2);
  });

  it('records a candidate over --candidate-memory-mb as MEMORY, replaces its worker and finishes the rest with the numbers of an unlimited run', async () => {
    const spacePath = join(workspace.dir, 'hungry.yaml');
    writeFileSync(spacePath, 'lookback: [3, 5]\nhog_mb: [0, 600]\n');
    const limited = await run({ outDir: join(workspace.dir, 'out-memory'), spacePath, factorId: 'hungry', workers: 1, candidateMemoryMb: 96 });
    const rows = (dir: string) =>
      readFileSync(join(dir, 'results.ndjson'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { params: string; status: string; error: string | null; objective: number | null });
    const got = rows(join(workspace.dir, 'out-memory'));
    expect(got.map((r) => [r.params, r.status])).toEqual([
      ['hog_mb=0;lookback=3', 'OK'],
      ['hog_mb=0;lookback=5', 'OK'],
      ['hog_mb=600;lookback=3', 'MEMORY'],
      ['hog_mb=600;lookback=5', 'MEMORY'],
    ]);
    expect(got[2]?.error).toBe('over --candidate-memory-mb 96 MB (V8 heap)');
    expect(limited.telemetry.overMemory).toBe(2);
    expect(limited.telemetry.workersReplaced).toBe(2);
    writeFileSync(spacePath, 'lookback: [3, 5]\nhog_mb: [0]\n');
    await run({ outDir: join(workspace.dir, 'out-unlimited'), spacePath, factorId: 'hungry', workers: 1 });
    expect(rows(join(workspace.dir, 'out-unlimited'))).toEqual(got.slice(0, 2));
  }, 120_000);

  it('replaces a worker that stops reporting (--stall-timeout): its candidate is TIMEOUT, the rest finish', async () => {
    const spacePath = join(workspace.dir, 'stall.yaml');
    writeFileSync(spacePath, 'lookback: [3, 5]\ndelay_ms: [0, 20000]\n');
    const outDir = join(workspace.dir, 'out-stall');
    const result = await run({ outDir, spacePath, factorId: 'slow_reversal', workers: 1, stallTimeoutMs: 1500 });
    const rows = readFileSync(join(outDir, 'results.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { params: string; status: string; error: string | null });
    expect(rows.map((r) => [r.params, r.status, r.error])).toEqual([
      ['delay_ms=0;lookback=3', 'OK', null],
      ['delay_ms=0;lookback=5', 'OK', null],
      ['delay_ms=20000;lookback=3', 'TIMEOUT', 'stalled: no progress for 1500 ms'],
      ['delay_ms=20000;lookback=5', 'TIMEOUT', 'stalled: no progress for 1500 ms'],
    ]);
    expect(result.telemetry.workersReplaced).toBe(2);
  });

  it('refuses a memory budget without worker threads or below 64 MB', async () => {
    const spacePath = join(workspace.dir, 'hungry-small.yaml');
    writeFileSync(spacePath, 'lookback: [3]\n');
    await expect(run({ outDir: join(workspace.dir, 'out-m0'), spacePath, factorId: 'hungry', workers: 0, candidateMemoryMb: 128 })).rejects.toThrow(/candidate-memory-mb.*worker threads/);
    await expect(run({ outDir: join(workspace.dir, 'out-m1'), spacePath, factorId: 'hungry', workers: 1, candidateMemoryMb: 16 })).rejects.toThrow(/candidate-memory-mb.*>= 64/);
  });
});

function readdirFirst(dir: string): string {
  return readdirSync(dir).sort()[0] as string;
}
