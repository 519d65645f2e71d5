import { appendFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacktestEngine, OutputDirError, ResumeMismatchError } from '@wf/engine';
import { builtinFactor, PORTFOLIO, smallContext, tempDir } from '../../test/fixtures.js';
import { ParameterSpace } from '../space/ParameterSpace.js';
import { parseSpaceSpec } from '../space/parseSpaceSpec.js';
import { parseResultLine } from '../store/ResultRecord.js';
import type { ResultRecord } from '../store/ResultRecord.js';
import { runSweep } from './runSweep.js';
import type { SweepOptions } from './runSweep.js';

const context = smallContext();
const segment = { start: 60, end: 300 };

function options(raw: unknown, overrides: Partial<SweepOptions> & { outDir: string }): SweepOptions {
  const factor = builtinFactor('reversal');
  return {
    context,
    factor,
    factorModules: [],
    space: new ParameterSpace({ factor, spec: parseSpaceSpec(raw, 'test'), portfolio: PORTFOLIO, source: 'test' }),
    segment,
    objective: 'sharpe',
    strategy: 'grid',
    seed: 1,
    budget: null,
    workers: 0,
    timeoutMs: null,
    artifacts: { kind: 'none' },
    resume: false,
    ...overrides,
  };
}

function records(outDir: string): ResultRecord[] {
  return readFileSync(join(outDir, 'results.ndjson'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => parseResultLine(line) as ResultRecord);
}

describe('runSweep', () => {
  it('records every candidate once, with the engine numbers, deduplicating repeated values', async () => {
    const outDir = tempDir('dedup');
    const result = await runSweep(options({ lookback: [3, 5, 3, 10, 5] }, { outDir }));
    const rows = records(outDir);
    expect(rows.map((r) => [r.ordinal, r.params, r.status])).toEqual([
      [0, 'lookback=3', 'OK'],
      [1, 'lookback=5', 'OK'],
      [2, 'lookback=10', 'OK'],
    ]);
    expect(result.telemetry.duplicates).toBe(2);
    const engine = new BacktestEngine({ context, factor: builtinFactor('reversal'), portfolio: PORTFOLIO });
    const expected = engine.evaluate({ params: { lookback: 10 }, segment }).metrics;
    expect(rows[2]?.metrics).toEqual(expected);
    expect(rows[2]?.objective).toBe(expected.sharpe);
    expect(result.top[0]?.objective).toBe(Math.max(...rows.map((r) => r.objective)));
  });

  it('builds each score matrix once when candidates differ only in portfolio settings', async () => {
    const outDir = tempDir('memo');
    const result = await runSweep(options({ params: { lookback: [3, 5, 10] }, portfolio: { holding_days: [1, 2, 5], cost_bps: [0, 10] } }, { outDir }));
    expect(result.telemetry.evaluated).toBe(18);
    expect(result.telemetry.engine.computed).toBe(3);
    expect(result.telemetry.memoHitRatio).toBeCloseTo(15 / 18, 12);
    const off = await runSweep(options({ params: { lookback: [3, 5, 10] }, portfolio: { holding_days: [1, 2, 5], cost_bps: [0, 10] } }, { outDir: tempDir('memo-off'), memoize: false }));
    expect(off.telemetry.engine.computed).toBe(18);
    expect(readFileSync(join(off.outDir, 'results.ndjson'), 'utf8')).toBe(readFileSync(join(outDir, 'results.ndjson'), 'utf8'));
  });

  it('keeps artifacts for the top N only and writes them as files at the end', async () => {
    const outDir = tempDir('topn');
    const result = await runSweep(options({ lookback: { min: 2, max: 20, step: 1 } }, { outDir, artifacts: { kind: 'top', n: 3 } }));
    const rows = records(outDir).filter((r) => r.status === 'OK');
    const best = [...rows].sort((a, b) => b.objective - a.objective || a.ordinal - b.ordinal).slice(0, 3);
    expect(result.top.map((e) => e.signature)).toEqual(best.map((r) => r.signature));
    const files = readdirSync(join(outDir, 'artifacts')).sort();
    expect(files).toEqual(best.map((r, k) => `top00${k + 1}_${r.signature}.csv`));
    const csv = readFileSync(join(outDir, 'artifacts', files[0] as string), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('date,daily_return,equity,rebalance');
    expect(csv).toHaveLength(segment.end - segment.start + 2);
  });

  it('prunes candidates whose IC objective equals an earlier one (same factor params), recording them', async () => {
    const outDir = tempDir('prune');
    const result = await runSweep(
      options({ params: { lookback: [3, 5] }, portfolio: { cost_bps: [0, 10, 20] } }, { outDir, objective: 'mean_ic', strategy: 'random', budget: 6 }),
    );
    const rows = records(outDir);
    expect(rows.filter((r) => r.status === 'OK')).toHaveLength(2);
    expect(result.telemetry.pruned).toBe(4);
    for (const r of rows.filter((x) => x.status === 'PRUNED')) {
      const leader = rows.find((x) => x.signature === r.dominatedBy) as ResultRecord;
      expect(leader.params).toBe(r.params);
      expect(leader.ordinal).toBeLessThan(r.ordinal);
      expect(r.objective).toBe(leader.objective);
    }
    const unpruned = await runSweep(
      options({ params: { lookback: [3, 5] }, portfolio: { cost_bps: [0, 10, 20] } }, { outDir: tempDir('noprune'), objective: 'mean_ic', strategy: 'random', budget: 6, prune: false }),
    );
    expect(unpruned.top[0]?.signature).toBe(result.top[0]?.signature);
    expect(unpruned.top[0]?.objective).toBe(result.top[0]?.objective);
  });

  it('resumes from a cut store (torn line included) and ends with the same bytes as an uninterrupted run', async () => {
    const raw = { params: { lookback: { min: 2, max: 30, step: 1 } }, portfolio: { holding_days: [1, 3] } };
    const full = tempDir('full');
    await runSweep(options(raw, { outDir: full, strategy: 'tpe', budget: 40, batchSize: 8, checkpointInterval: 5 }));
    const cut = tempDir('cut');
    await runSweep(options(raw, { outDir: cut, strategy: 'tpe', budget: 40, batchSize: 8, checkpointInterval: 5 }));
    const bytes = readFileSync(join(full, 'results.ndjson'), 'utf8');
    const lines = bytes.split('\n');
    truncateSync(join(cut, 'results.ndjson'), lines.slice(0, 17).join('\n').length + 1 + 30);
    const resumeOptions = options(raw, { outDir: cut, strategy: 'tpe', budget: 40, batchSize: 8, checkpointInterval: 5, resume: true });
    // The final checkpoint vouches for 40 records: a store cut below it is refused.
    await expect(runSweep(resumeOptions)).rejects.toThrow(/has 17 records but the checkpoint vouches for 40/);
    // As if killed after the checkpoint at 15 records, with 2 more records and a torn line appended.
    const checkpointPath = join(cut, 'checkpoint.json');
    writeFileSync(checkpointPath, JSON.stringify({ ...JSON.parse(readFileSync(checkpointPath, 'utf8')), storeRecords: 15 }));
    appendFileSync(join(cut, 'results.ndjson'), (lines[17] as string).slice(0, 30));
    const resumed = await runSweep(resumeOptions);
    expect(resumed.recovered.records).toBe(17);
    expect(resumed.recovered.pastCheckpoint).toBe(2);
    expect(resumed.recovered.tornBytes).toBe(30);
    expect(resumed.telemetry.resumed).toBe(17);
    expect(resumed.telemetry.evaluated).toBe(23);
    expect(readFileSync(join(cut, 'results.ndjson'), 'utf8')).toBe(bytes);
    expect(readFileSync(join(cut, 'top.json'), 'utf8')).toBe(readFileSync(join(full, 'top.json'), 'utf8'));
  });

  it('refuses a non-empty output folder without resume or force, and a resume of another sweep', async () => {
    const outDir = tempDir('refuse');
    writeFileSync(join(outDir, 'notes.txt'), 'mine');
    await expect(runSweep(options({ lookback: [3] }, { outDir }))).rejects.toThrow(OutputDirError);
    await expect(runSweep(options({ lookback: [3] }, { outDir }))).rejects.toMatchObject({ code: 'OUTPUT_DIR_NOT_EMPTY' });
    await runSweep(options({ lookback: [3] }, { outDir, force: true }));
    expect(readFileSync(join(outDir, 'notes.txt'), 'utf8')).toBe('mine');
    await expect(runSweep(options({ lookback: [4] }, { outDir, resume: true }))).rejects.toThrow(ResumeMismatchError);
  });
});
