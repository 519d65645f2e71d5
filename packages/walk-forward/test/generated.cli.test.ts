/**
 * wf-walk-forward on a generated market (engine's generateSampleMarket written to a temp
 * folder): determinism across every speed switch, resume after SIGKILL and after a torn
 * line, and the refusals (exit 2, one line, earlier rows intact).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_LOAD_BYTES_PER_CSV_BYTE, decodeUniverse, encodeUniverse, generateSampleMarket, PROCESS_BASE_BYTES, writeSampleMarket } from '@wf/engine';
import { estimateShardMemory } from '../src/memory/fitShardWorkers.js';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatUnits, readProtocolFiles, runCliProcess } from './cliHarness.js';

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
  - { id: low_volatility, space: { lookback: [10, 20] } }
  - { id: macd, params: { fast: 12, slow: 26, signal: 9 } }
  - { id: rsi, space: { period: [7, 14] } }
`;
const WINDOWS = 8; // (500 - 80 - 100) / 40
const UNITS = 5 * WINDOWS;

describe('wf-walk-forward on a generated market', () => {
  let tmp: string;
  let config: string;
  let reference: Record<string, string>;
  const out = (name: string): string => join(tmp, name);
  const run = (name: string, ...flags: string[]) =>
    runCliProcess(['--config', config, '--out', out(name), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn', ...flags]);

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-generated-'));
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 60, days: 500, seed: 7 }) });
    config = join(tmp, 'config.yaml');
    writeFileSync(config, CONFIG);
    const result = await run('reference');
    expect(result.code).toBe(0);
    reference = readProtocolFiles(out('reference'));
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes one summary row per (factor, window) in id order, two audit rows each, and the gate inputs', () => {
    const summary = (reference['walk_forward_summary.csv'] as string).trim().split('\n').slice(1);
    expect(summary.length).toBe(UNITS);
    expect(summary.map((line) => line.split(',')[0]).filter((id, k, all) => all.indexOf(id) === k)).toEqual([
      'low_volatility',
      'macd',
      'momentum',
      'reversal',
      'rsi',
    ]);
    expect((reference['universe_audit.csv'] as string).trim().split('\n').length).toBe(1 + 2 * UNITS);
    expect((reference['oos_daily.csv'] as string).trim().split('\n').length).toBe(1 + 40 * UNITS);
    expect((reference['candidates.csv'] as string).trim().split('\n').length).toBe(1 + (2 + 1 + 4 + 3 + 2) * WINDOWS);
    // Section 8b: every candidate's 40 test days (pbo), one gap row per unit (oos_gap_frac).
    for (const line of (reference['candidates.csv'] as string).trim().split('\n').slice(1)) expect(line.split(',')[6]?.split(';').length).toBe(40);
    expect((reference['oos_gaps.csv'] as string).trim().split('\n').length).toBe(1 + UNITS);
  });

  it('writes the same bytes with the signal cache cold and warm, and with 1, 2 and 4 pool workers', async () => {
    const cold = await run('cold', '--use-cache', '--cache-dir', join(tmp, 'signals-cold'), '--workers', '2');
    const [warm, one] = await Promise.all([
      run('warm', '--use-cache', '--cache-dir', join(tmp, 'signals-cold'), '--workers', '4'),
      run('one', '--workers', '1'),
    ]);
    const four = await run('four', '--workers', '4');
    for (const result of [cold, warm, one, four]) expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(tmp, 'signals-cold', 'signals')).length).toBeGreaterThan(0);
    for (const name of ['cold', 'warm', 'one', 'four']) expect(readProtocolFiles(out(name))).toEqual(reference);
  });

  it('fails the same way with 1 and 3 workers when a user factor throws, keeping the rows of the factors before it', async () => {
    writeFileSync(
      join(tmp, 'broken.mjs'),
      `export const factors = [{
  id: 'zz_broken', description: 'throws', defaults: { lookback: 5 },
  validate: () => null,
  compute: () => { throw new Error('broken factor exploded'); },
}];\n`,
    );
    const brokenConfig = join(tmp, 'broken.yaml');
    writeFileSync(brokenConfig, `${CONFIG}factor_modules: [broken.mjs]\n`.replace('factors:\n', 'factors:\n  - { id: zz_broken }\n'));
    const runs = await Promise.all(['1', '3'].map((w) => runCliProcess(['--config', brokenConfig, '--out', out(`broken${w}`), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn', '--workers', w])));
    for (const result of runs) {
      expect(result.code, result.stderr).toBe(runs[0]?.code);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/broken factor exploded/);
    }
    // zz_broken runs last: every other factor's rows are written, as without it.
    expect(readProtocolFiles(out('broken1'))).toEqual(reference);
    expect(readProtocolFiles(out('broken3'))).toEqual(reference);
  });

  it('writes the same bytes with the universe cache warm, corrupt (recomputed and rewritten) and refreshed, and reads it', async () => {
    // The reference run (universe cache cold) left one entry in tmp/cache/universe.
    const cacheDir = join(tmp, 'cache');
    const entries = readdirSync(join(cacheDir, 'universe'));
    expect(entries).toHaveLength(1);
    const entryName = entries[0] as string;
    const key = entryName.replace(/\.bin$/, '');
    const good = readFileSync(join(cacheDir, 'universe', entryName));
    const copyWith = (name: string, bytes: Buffer): string => {
      const dir = join(tmp, name);
      cpSync(cacheDir, dir, { recursive: true });
      writeFileSync(join(dir, 'universe', entryName), bytes);
      return dir;
    };
    const flipped = Buffer.from(good);
    flipped[500] = (flipped[500] as number) ^ 0x01;
    const corruptDir = copyWith('universe-corrupt', flipped);
    // A valid entry (right key, shape, config, checksum) claiming no symbol is ever eligible.
    const decoded = decodeUniverse({ bytes: good, key, expected: { nDates: 500, nSymbols: 60, config: { minHistory: 20, minPrice: 5, minDollarVolume: 1e6, topN: null } } });
    expect(decoded.universe).not.toBeNull();
    const real = decoded.universe!;
    const empty = { ...real, status: new Uint8Array(real.status.length).fill(1), eligibleCount: new Int32Array(real.nDates) };
    const poisonedDir = copyWith('universe-poisoned', encodeUniverse(empty, key));
    const [warm, corrupt, refreshed, poisoned] = await Promise.all([
      run('u-warm'),
      run('u-corrupt', '--cache-dir', corruptDir),
      run('u-refreshed', '--refresh-cache', '--cache-dir', copyWith('universe-refreshed', flipped)),
      run('u-poisoned', '--factors', 'reversal', '--cache-dir', poisonedDir),
    ]);
    for (const result of [warm, corrupt, refreshed]) expect(result.code, result.stderr).toBe(0);
    for (const name of ['u-warm', 'u-corrupt', 'u-refreshed']) expect(readProtocolFiles(out(name))).toEqual(reference);
    expect(readFileSync(join(corruptDir, 'universe', entryName)).equals(good)).toBe(true);
    expect(readFileSync(join(tmp, 'universe-refreshed', 'universe', entryName)).equals(good)).toBe(true);
    // Proof that a run reads the cache: the poisoned entry is served and changes the rows.
    if (poisoned.code === 0) {
      const reversal = (text: string | undefined): string[] => (text as string).split('\n').filter((line) => line.startsWith('reversal,'));
      expect(reversal(readProtocolFiles(out('u-poisoned'))['universe_audit.csv'])).not.toEqual(reversal(reference['universe_audit.csv']));
    }
  });

  it('runs only the named factors with --factors', async () => {
    const only = await run('only', '--factors', 'rsi,macd');
    expect(only.code).toBe(0);
    const rows = (readProtocolFiles(out('only'))['walk_forward_summary.csv'] as string).split('\n');
    const expected = (reference['walk_forward_summary.csv'] as string).split('\n').filter((line, k) => k === 0 || line === '' || /^(rsi|macd),/.test(line));
    expect(rows).toEqual(expected);
  });

  it('ends with the uninterrupted bytes after a SIGKILL at a random window and --resume', async () => {
    const killAt = 1 + Math.floor(Math.random() * (UNITS - 10));
    const killed = await runCliProcess(
      ['--config', config, '--out', out('killed'), '--cache-dir', join(tmp, 'cache'), '--workers', '1', '--log-level', 'info'],
      (line, kill) => {
        if ((heartbeatUnits(line) ?? 0) >= killAt) kill();
      },
    );
    expect(killed.signal, `killed at window ${killAt}`).toBe('SIGKILL');
    const resumed = await run('killed', '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/windows run, [1-9][0-9]* resumed/);
    expect(readProtocolFiles(out('killed'))).toEqual(reference);
  });

  it('repairs torn last lines and cuts an uncommitted window on --resume', async () => {
    cpSync(out('reference'), out('torn'), { recursive: true });
    const summaryPath = join(out('torn'), 'walk_forward_summary.csv');
    const lines = (reference['walk_forward_summary.csv'] as string).split('\n');
    // Drop the last three committed units, then tear the summary and the daily file mid-line.
    // lines: header, 40 rows, '' (the final line break).
    truncateSync(summaryPath, Buffer.byteLength(lines.slice(0, -5).join('\n') + '\n'));
    appendFileSync(summaryPath, (lines.at(-5) as string).slice(0, 25));
    appendFileSync(join(out('torn'), 'oos_daily.csv'), 'rsi,7,2016-');
    const resumed = await run('torn', '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/4 windows run, 36 resumed/);
    expect(readProtocolFiles(out('torn'))).toEqual(reference);
  });

  it('refuses a non-empty output folder, and a resume with another factor selection, leaving the rows intact', async () => {
    const [plain, otherRun] = await Promise.all([run('reference'), run('reference', '--resume', '--factors', 'rsi')]);
    for (const result of [plain, otherRun]) {
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(plain.stderr).toMatch(/^wf-walk-forward: output folder .* is not empty .*--resume.*--force/);
    expect(otherRun.stderr).toMatch(/^wf-walk-forward: cannot resume: .*run\.json has run key/);
    expect(readProtocolFiles(out('reference'))).toEqual(reference);
  });

  it('exits 2 with one line for a bad flag, config, factor, shard or data folder, writing no rows', async () => {
    const badConfig = join(tmp, 'bad.yaml');
    writeFileSync(badConfig, CONFIG.replace('objective: sharpe', 'objective: sharpe\nwindow: { test_days: 5 }'));
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown flag --bogus/],
      [['--shard-index', '3', '--shard-count', '3'], /shard index 3 is out of range/],
      [['--factors', 'rsi,nope'], /--factors names "nope"/],
      [['--heartbeat-every', '0'], /--heartbeat-every 0 is invalid/],
      [['--workers', '0'], /--workers 0 is invalid/],
      [['--resume', '--force'], /--resume with --force is invalid; expected one of them, not both/],
      [['--prices', join(tmp, 'no-such-folder')], /no-such-folder/],
      [['--config', badConfig], /window/],
    ];
    const results = await Promise.all(cases.map(([flags], k) => run(`bad${k}`, ...flags)));
    for (const [k, result] of results.entries()) {
      const [, pattern] = cases[k] as [string[], RegExp];
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(pattern);
      expect(existsSync(join(out(`bad${k}`), 'walk_forward_summary.csv'))).toBe(false);
    }
  });

  it('refuses a load or a pool of workers over --max-memory-gb before writing rows, and lowers the default worker count to fit', async () => {
    const shape = { nDates: 500, nSymbols: 60, marketCaps: false };
    let csvBytes = 0;
    for (const name of readdirSync(join(tmp, 'prices'))) csvBytes += statSync(join(tmp, 'prices', name)).size;
    const csvLoad = PROCESS_BASE_BYTES + CSV_LOAD_BYTES_PER_CSV_BYTE * csvBytes;
    const one = estimateShardMemory({ ...shape, workers: 1 });
    const two = estimateShardMemory({ ...shape, workers: 2 });
    // A limit over the CSV load and one worker, under two workers.
    const floor = Math.max(one, csvLoad);
    expect(floor).toBeLessThan(two);
    const between = String((floor + (two - floor) / 2) / 1024 ** 3);
    const [tiny, asked, lowered] = await Promise.all([
      run('memory-tiny', '--max-memory-gb', '0.01', '--cache-dir', join(tmp, 'memory-cache')),
      run('memory-asked', '--max-memory-gb', between, '--workers', '2'),
      run('memory-lowered', '--max-memory-gb', between, '--log-level', 'info'),
    ]);
    expect(tiny.code, tiny.stderr).toBe(2);
    expect(tiny.stderr.trim().split('\n')).toHaveLength(1);
    expect(tiny.stderr).toMatch(/^wf-walk-forward: loading the prices \([0-9.]+ MB of CSV in 60 files\) needs an estimated 0\.1[0-9] GB of memory, more than --max-memory-gb \(0\.01 GB\): run on a machine with more memory, or on fewer symbols or dates\n$/);
    expect(asked.code, asked.stderr).toBe(2);
    expect(asked.stderr).toMatch(/^wf-walk-forward: the run \(60 symbols x 500 dates, 2 worker threads\) needs an estimated [0-9.]+ GB of memory, more than --max-memory-gb \([0-9.]+ GB\): what fits: --workers 1\n$/);
    for (const name of ['memory-tiny', 'memory-asked']) expect(existsSync(join(out(name), 'walk_forward_summary.csv'))).toBe(false);
    expect(lowered.code, lowered.stderr).toBe(0);
    if (availableParallelism() > 1) expect(lowered.stderr).toMatch(/"requested":[0-9]+,"workers":1,.*"msg":"workers lowered"/);
    expect(readProtocolFiles(out('memory-lowered'))).toEqual(reference);
  });

  it('checks no worker memory on a night that replays every unit from the window cache', async () => {
    const shape = { nDates: 500, nSymbols: 60, marketCaps: false };
    // The panel read from the cache (at most six fields: every one, for the window cache's keys) fits; one worker does not.
    const panelRead = PROCESS_BASE_BYTES + 6 * 8 * shape.nDates * shape.nSymbols;
    const one = estimateShardMemory({ ...shape, workers: 1 });
    expect(panelRead).toBeLessThan(one);
    const limit = String((panelRead + (one - panelRead) / 2) / 1024 ** 3);
    const cache = join(tmp, 'replay-cache');
    const fill = await run('replay-fill', '--use-cache', '--cache-dir', cache);
    expect(fill.code, fill.stderr).toBe(0);
    const replay = await run('replay', '--use-cache', '--cache-dir', cache, '--max-memory-gb', limit, '--workers', '2', '--log-level', 'info');
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stderr).toMatch(new RegExp(`"unitsReused":${UNITS}\\b|"reused":${UNITS}\\b`));
    expect(readProtocolFiles(out('replay'))).toEqual(reference);
    // The same limit refuses a night that computes, before it writes a row.
    const computes = await run('replay-refused', '--max-memory-gb', limit, '--workers', '2');
    expect(computes.code, computes.stderr).toBe(2);
    expect(computes.stderr).toMatch(/^wf-walk-forward: the run \(60 symbols x 500 dates, 2 worker threads\) needs an estimated [0-9.]+ GB of memory, more than --max-memory-gb \([0-9.]+ GB\): even 1 worker needs [0-9.]+ GB/);
    expect(existsSync(join(out('replay-refused'), 'walk_forward_summary.csv'))).toBe(false);
  });
});
