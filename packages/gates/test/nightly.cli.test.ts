/**
 * wf-gates over several nights (issue "Nightly runs that can be trusted and that reuse every
 * unchanged window"), as processes on a generated market: a night that adds a window replays
 * every earlier one from the window cache, a night with nothing new or one day that completes
 * no window recomputes nothing, a revised close recomputes only the windows that see it, and
 * every night's files are the bytes of a cold run without a cache; drift.csv names what changed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRecord, readRunOutputs, runGates } from './gatesHarness.js';

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
gates: { min_universe_mean: 20 }
factors:
  - { id: reversal, space: { lookback: [3, 5] } }
  - { id: low_volatility, space: { lookback: [10, 20] } }
  - { id: macd, params: { fast: 12, slow: 26, signal: 9 } }
`;
const FACTORS = 3;
/** 510 dates: windows 0..7, the last test ending at date 499. */
const DAYS = 510;

/** The prices folder with only the first `keep` calendar dates (every file shares the sample's calendar). */
function writePrefix(from: string, to: string, keep: number): void {
  mkdirSync(to, { recursive: true });
  const names = readdirSync(from).sort();
  const texts = names.map((name) => readFileSync(join(from, name), 'utf8').split('\n'));
  const calendar = [...new Set(texts.flatMap((lines) => lines.slice(1).filter((l) => l !== '').map((l) => l.slice(0, 10))))].sort();
  const last = calendar[keep - 1] as string;
  names.forEach((name, k) => {
    const lines = texts[k] as string[];
    const kept = [lines[0] as string, ...lines.slice(1).filter((line) => line !== '' && line.slice(0, 10) <= last)];
    writeFileSync(join(to, name), `${kept.join('\n')}\n`);
  });
}

describe('wf-gates night after night', () => {
  let tmp: string;
  let config: string;
  const out = (name: string): string => join(tmp, 'runs', name);
  const gates = (name: string, prices: string, ...flags: string[]) =>
    runGates(['--config', config, '--prices', join(tmp, prices), '--out', out(name), '--log-level', 'warn', ...flags]);
  const cached = (name: string, prices: string, ...flags: string[]) => gates(name, prices, '--use-cache', '--cache-dir', join(tmp, 'cache'), ...flags);
  const cold = (name: string, prices: string) => gates(name, prices, '--cache-dir', join(tmp, `cold-${name}`));
  /** Units computed and replayed by the run's shards (their run.log 'run done' records). */
  const units = (name: string): { run: number; reused: number } => {
    let run = 0;
    let reused = 0;
    for (const shard of readdirSync(join(out(name), 'shards'))) {
      const lines = readFileSync(join(out(name), 'shards', shard, 'run.log'), 'utf8').split('\n');
      const done = lines.map(logRecord).filter((r) => r?.['msg'] === 'run done').at(-1);
      run += Number(done?.['unitsRun'] ?? Number.NaN);
      reused += Number(done?.['unitsReused'] ?? Number.NaN);
    }
    return { run, reused };
  };
  const drift = (name: string): string => readFileSync(join(out(name), 'drift.csv'), 'utf8');

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-nightly-'));
    writeSampleMarket({ dir: join(tmp, 'full'), market: generateSampleMarket({ symbols: 50, days: DAYS, seed: 11 }) });
    writePrefix(join(tmp, 'full'), join(tmp, 'minus40'), DAYS - 40);
    writePrefix(join(tmp, 'full'), join(tmp, 'minus1'), DAYS - 1);
    config = join(tmp, 'config.yaml');
    writeFileSync(config, CONFIG);
  }, 60_000);

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a night that completes a window replays every earlier window and writes the bytes of a cold run', async () => {
    expect((await cached('n1', 'minus40')).code).toBeLessThan(2);
    expect(units('n1')).toEqual({ run: 7 * FACTORS, reused: 0 });
    expect((await cached('n2', 'full')).code).toBeLessThan(2);
    expect(units('n2')).toEqual({ run: 8 * FACTORS, reused: 7 * FACTORS });
    expect((await cold('c-full', 'full')).code).toBeLessThan(2);
    const reference = readRunOutputs(out('c-full'));
    const tonight = readRunOutputs(out('n2'));
    expect(Object.keys(tonight)).toEqual(Object.keys(reference));
    for (const [name, text] of Object.entries(reference)) {
      expect(tonight[name], name).toBe(text);
    }
    const added = drift('n2').split('\n').filter((line) => line.includes(',window_added,'));
    expect(added.map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['low_volatility,7', 'macd,7', 'reversal,7']);
    expect(readFileSync(join(out('n2'), 'gate_report.md'), 'utf8')).toContain('## Since the previous run');
  }, 300_000);

  it('a night with nothing new, or with a day that completes no window, recomputes nothing', async () => {
    expect((await cached('n3', 'full', '--compare-to', out('n2'))).code).toBeLessThan(2);
    expect(units('n3')).toEqual({ run: 8 * FACTORS, reused: 8 * FACTORS });
    expect(drift('n3')).toBe('factor,window,change,before,after,cause\n');
    expect((await cached('n4', 'minus1', '--compare-to', out('n2'))).code).toBeLessThan(2);
    expect(units('n4')).toEqual({ run: 8 * FACTORS, reused: 8 * FACTORS });
    expect(readRunOutputs(out('n4'))['walk_forward_summary.csv']).toBe(readRunOutputs(out('c-full'))['walk_forward_summary.csv']);
  }, 300_000);

  it('a day appended to the same folder grows the cached panel and replays every window inside wf-gates: the bytes of a cold run', async () => {
    const folder = join(tmp, 'appended');
    // Calendars no earlier night saw (so the panel is not in the cache by its content).
    writePrefix(join(tmp, 'full'), folder, DAYS - 3);
    expect((await cached('n6', 'appended')).code).toBeLessThan(2);
    // Tonight's vendor file: the same rows and one more day, rewritten in place.
    writePrefix(join(tmp, 'full'), folder, DAYS - 2);
    expect((await cached('n7', 'appended', '--compare-to', out('n6'))).code).toBeLessThan(2);
    const manifest = JSON.parse(readFileSync(join(out('n7'), 'manifest.json'), 'utf8')) as {
      data: { panelSource: string };
      invocations: { unitsToCompute: number | null; shardsRan: string }[];
    };
    expect(manifest.data.panelSource).toBe('appended');
    expect(manifest.invocations.at(-1)).toMatchObject({ unitsToCompute: 0, shardsRan: 'in-process' });
    expect(units('n7')).toEqual({ run: 8 * FACTORS, reused: 8 * FACTORS });
    expect((await cold('c-appended', 'appended')).code).toBeLessThan(2);
    const reference = readRunOutputs(out('c-appended'));
    const tonight = readRunOutputs(out('n7'));
    expect(Object.keys(tonight)).toEqual(Object.keys(reference));
    for (const [name, text] of Object.entries(reference)) expect(tonight[name], name).toBe(text);
    expect(drift('n7')).toBe('factor,window,change,before,after,cause\n');
  }, 300_000);

  it('a revised close recomputes only the windows that see it, and drift.csv names its date and symbol', async () => {
    const revised = join(tmp, 'revised');
    writePrefix(join(tmp, 'full'), revised, DAYS);
    // Revise the close of the first symbol that trades on calendar date 300 (inside window 3's train, after window 2's test).
    const calendar = [...new Set(readdirSync(revised).flatMap((name) => readFileSync(join(revised, name), 'utf8').split('\n').slice(1).filter((l) => l !== '').map((l) => l.slice(0, 10))))].sort();
    const date = calendar[300] as string;
    const symbol = readdirSync(revised)
      .sort()
      .find((name) => readFileSync(join(revised, name), 'utf8').split('\n').some((l) => l.startsWith(`${date},`) && (l.split(',')[4] ?? '') !== '')) as string;
    const file = join(revised, symbol);
    const lines = readFileSync(file, 'utf8').split('\n').map((line) => {
      if (!line.startsWith(`${date},`)) return line;
      const fields = line.split(',');
      fields[4] = String(Number(fields[4]) * 1.5);
      return fields.join(',');
    });
    writeFileSync(file, lines.join('\n'));
    const name = symbol.replace(/\.csv$/, '');
    expect((await cached('n5', 'revised', '--compare-to', out('n3'))).code).toBeLessThan(2);
    // Window k tests [180 + 40k, 219 + 40k]: windows 0-2 end before date 300.
    const reusedWindows = [0, 1, 2, 3, 4, 5, 6, 7].filter((k) => 219 + 40 * k < 300).length;
    expect(units('n5')).toEqual({ run: 8 * FACTORS, reused: reusedWindows * FACTORS });
    expect((await cold('c-revised', 'revised')).code).toBeLessThan(2);
    const reference = readRunOutputs(out('c-revised'));
    const tonight = readRunOutputs(out('n5'));
    for (const [name, text] of Object.entries(reference)) {
      expect(tonight[name], name).toBe(text);
    }
    const changed = drift('n5').split('\n').filter((line) => line.includes(',window_changed,'));
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed) expect(line).toContain(`data revised from ${date} for symbols ${name} (${date})`);
    for (const line of changed) expect(Number(line.split(',')[1])).toBeGreaterThanOrEqual(reusedWindows);
  }, 300_000);
});
