/**
 * Issue 10 at process level: wf-gates (the bundled CLI, as users run it) on a small generated
 * market where three symbols have a duplicate listed later with equal prices and volumes
 * (vendors do ship duplicated series). The rolling built-in factors must write exactly the
 * files of a reference computing every score per window from scratch with exact integer
 * sums (testing/exactReferenceFactors.ts, loaded as a user factor module): exact ties stay
 * ties and PROTOCOL section 4's symbol order decides them, not rounding noise.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import { BUILTIN_FACTORS, computeReturns, generateSampleMarket, loadPanel, writeSampleMarket } from '../src/index.js';
import type { FactorParams } from '../src/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const gatesCli = join(repoRoot, 'scripts/bundle/run-production-gates.js');
const referenceSource = join(repoRoot, 'packages/engine/src/factors/testing/exactReferenceFactors.ts');

const SPACES: Readonly<Record<string, string>> = {
  low_volatility: '{ lookback: [10, 20] }',
  bollinger: '{ period: [10, 20] }',
  ma_cross: '{ fast: [5], slow: [20, 40] }',
  rsi: '{ period: [7, 14] }',
  low_liquidity: '{ lookback: [10] }',
  amihud: '{ lookback: [10] }',
};
/** Duplicates: the copy's name sorts before its original for one, after it for the others. */
const COPIES = [
  { original: 2, name: (symbol: string) => `A${symbol}`, firstRow: 130 },
  { original: 9, name: (symbol: string) => `${symbol}X`, firstRow: 170 },
  { original: 15, name: (symbol: string) => `${symbol}Y`, firstRow: 200 },
];
const FILES = ['gate_report.csv', 'walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv'];

/** Each file's rows of `factor`, with the factor column cut off (it is the first one). */
function rowsOf(text: string, factor: string): string[] {
  return text
    .trim()
    .split('\n')
    .filter((line) => line.startsWith(`${factor},`))
    .map((line) => line.slice(factor.length));
}

describe('wf-gates on a generated market with duplicated, later-listed series', () => {
  let tmp: string;
  let out: string;
  let generatedSymbols: readonly string[];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-equal-windows-'));
    const prices = join(tmp, 'prices');
    const market = generateSampleMarket({ symbols: 24, days: 420, seed: 11 });
    writeSampleMarket({ dir: prices, market });
    generatedSymbols = market.panel.symbols;
    for (const copy of COPIES) {
      const symbol = market.panel.symbols[copy.original]!;
      const lines = readFileSync(join(prices, `${symbol}.csv`), 'utf8').trim().split('\n');
      writeFileSync(join(prices, `${copy.name(symbol)}.csv`), `${[lines[0], ...lines.slice(1 + copy.firstRow)].join('\n')}\n`);
    }
    buildSync({ entryPoints: [referenceSource], bundle: true, format: 'esm', platform: 'node', outfile: join(tmp, 'exactFactors.mjs'), logLevel: 'error' });
    const factors = Object.entries(SPACES).flatMap(([id, space]) => [`  - { id: ${id}, space: ${space} }`, `  - { id: exact_${id}, space: ${space} }`]);
    writeFileSync(
      join(tmp, 'config.yaml'),
      [
        'data: { prices: prices }',
        'factor_modules: [exactFactors.mjs]',
        'universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }',
        'windows: { warmup_days: 100, train_days: 120, test_days: 50 }',
        'objective: sharpe',
        'factors:',
        ...factors,
        '',
      ].join('\n'),
    );
    out = join(tmp, 'run');
    const result = await runNodeScript({
      script: gatesCli,
      args: ['--config', join(tmp, 'config.yaml'), '--out', out, '--cache-dir', join(tmp, 'cache'), '--wf-shards', '1', '--log-level', 'warn'],
      cwd: repoRoot,
    });
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
  }, 240_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes for every rolling factor the rows of the exact per-window reference, byte for byte', () => {
    for (const file of FILES) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const id of Object.keys(SPACES)) {
        const rows = rowsOf(text, id);
        expect(rows.length, `${file} ${id}`).toBeGreaterThan(0);
        expect(rows, `${file} ${id}`).toEqual(rowsOf(text, `exact_${id}`));
      }
    }
  });

  it('has real ties: the copies score bit-identically to their originals once their windows follow the listing', async () => {
    const { panel } = await loadPanel({ pricesDir: join(tmp, 'prices') });
    const returns = computeReturns(panel);
    const scores = new Float64Array(panel.nDates * panel.nSymbols);
    const params: Readonly<Record<string, FactorParams>> = {
      low_volatility: { lookback: 20 },
      bollinger: { period: 20 },
      ma_cross: { fast: 5, slow: 40 },
      rsi: { period: 14 },
      low_liquidity: { lookback: 10 },
      amihud: { lookback: 10 },
    };
    for (const [id, p] of Object.entries(params)) {
      BUILTIN_FACTORS.find((factor) => factor.id === id)!.compute({ panel, returns }, p, scores);
      let ties = 0;
      for (const copy of COPIES) {
        const original = panel.symbols.indexOf(generatedSymbols[copy.original]!);
        const duplicate = panel.symbols.indexOf(copy.name(generatedSymbols[copy.original]!));
        for (let t = copy.firstRow + 45; t < panel.nDates; t++) {
          const a = scores[t * panel.nSymbols + original]!;
          expect(Object.is(a, scores[t * panel.nSymbols + duplicate]!), `${id} t=${t}`).toBe(true);
          if (Number.isFinite(a)) ties++;
        }
      }
      expect(ties, id).toBeGreaterThan(400);
    }
  });
});
