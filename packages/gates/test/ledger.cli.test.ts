/**
 * wf-gates with a trial ledger (PROTOCOL section 8b) as processes on a generated market:
 * two runs of different configs sharing one ledger at the same time lose and duplicate no
 * row, count their trials from it, and a malformed ledger stops a run before any shard.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, parseLedger, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRows, runGates } from './gatesHarness.js';

const BASE = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
ledger: ledger.csv
`;
const CONFIG_A = `${BASE}factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
`;
const CONFIG_B = `${BASE}factors:
  - { id: reversal, space: { lookback: [5, 10, 21] } }
  - { id: low_liquidity, params: { lookback: 20 } }
`;

describe('wf-gates sharing a trial ledger', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-gates-ledger-'));
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 40, days: 400, seed: 3 }) });
    writeFileSync(join(tmp, 'a.yaml'), CONFIG_A);
    writeFileSync(join(tmp, 'b.yaml'), CONFIG_B);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const gates = (config: string, out: string, ...flags: string[]) =>
    runGates(['--config', join(tmp, config), '--out', join(tmp, out), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn', ...flags]);

  it('loses and duplicates no row when two runs append at the same time, and counts trials from the ledger', async () => {
    writeFileSync(join(tmp, 'ledger.csv'), 'factor,params,first_seen\nreversal,lookback=1,2026-10-01\nreversal,lookback=1,2026-10-01\nmacd,fast=8;signal=9;slow=21,2026-10-01');
    const [a, b] = await Promise.all([gates('a.yaml', 'run-a', '--run-date', '2026-11-20'), gates('b.yaml', 'run-b', '--run-date', '2026-11-21', '--wf-shards', '2')]);
    expect([a.stderr, b.stderr]).toEqual(['', '']);
    expect([a.code, b.code].every((code) => code === 0 || code === 1)).toBe(true);
    const text = readFileSync(join(tmp, 'ledger.csv'), 'utf8');
    // The input bytes are kept (its missing final newline added); the rows are a set.
    expect(text.startsWith('factor,params,first_seen\nreversal,lookback=1,2026-10-01\nreversal,lookback=1,2026-10-01\nmacd,fast=8;signal=9;slow=21,2026-10-01\n')).toBe(true);
    const rows = parseLedger(text, 'ledger.csv').slice(3);
    const keys = rows.map((r) => `${r.factor},${r.params}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(
      new Set([
        'reversal,lookback=3',
        'reversal,lookback=5',
        'reversal,lookback=10',
        'reversal,lookback=21',
        'momentum,lookback=40;skip=0',
        'momentum,lookback=40;skip=5',
        'momentum,lookback=60;skip=0',
        'momentum,lookback=60;skip=5',
        'low_liquidity,lookback=20',
      ]),
    );
    // Each run's rows carry its own date, in factor id order then candidate order.
    const ofA = rows.filter((r) => r.firstSeen === '2026-11-20').map((r) => `${r.factor},${r.params}`);
    expect(ofA.filter((k) => k.startsWith('momentum'))).toEqual(['momentum,lookback=40;skip=0', 'momentum,lookback=40;skip=5', 'momentum,lookback=60;skip=0', 'momentum,lookback=60;skip=5']);
    // Trials read before the shards: the ledger's lookback=1 plus tonight's three.
    const trials = (out: string) => Object.fromEntries(parseRows(readFileSync(join(tmp, out, 'gate_report.csv'))).map((r) => [r['factor'], r['trials']]));
    expect(trials('run-a')).toEqual({ momentum: '4', reversal: expect.stringMatching(/^(4|5)$/) });
    expect(trials('run-b')['low_liquidity']).toMatch(/^(1|2)$/);
    expect(existsSync(join(tmp, 'ledger.csv.lock'))).toBe(false);
  }, 120_000);

  it('refuses a malformed ledger before any shard starts, naming file and line, and leaves it untouched', async () => {
    const bad = 'factor,params,first_seen\nreversal,lookback=3,2026-10-01\nreversal,lookback=5\n';
    writeFileSync(join(tmp, 'ledger.csv'), bad);
    const result = await gates('a.yaml', 'run-bad');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`wf-gates: trial ledger ${join(tmp, 'ledger.csv')}:3: expected 3 fields (factor,params,first_seen), got 2`);
    expect(existsSync(join(tmp, 'run-bad', 'shards'))).toBe(false);
    expect(readFileSync(join(tmp, 'ledger.csv'), 'utf8')).toBe(bad);
  }, 60_000);
});
