/**
 * User factors through wf-gates (issue 17, items 2 and 5): a TypeScript factor module (with a
 * local import, compiled by esbuild into a temp folder, never beside it) and external factors
 * reading a score table (CSV and Parquet) give the gate rows of the built-in factor they
 * reproduce; the tables' and module's sha256 are in the manifest's code identity. A factor
 * whose compute throws leaves its message and stack (naming the .ts line) in the shard's
 * run.log, the manifest and wf-gates' output.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinRegistry, computeReturns, formatDate, loadPanel } from '@wf/engine';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRows, readManifest, repoRoot, runGates } from './gatesHarness.js';

const sp500 = join(repoRoot, '../shared/data/sp500-5yr/prices');
const tmp = mkdtempSync(join(tmpdir(), 'wf-gates-user-factors-'));
const prices = join(tmp, 'prices');
const factorsDir = join(tmp, 'factors');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SIGN_TS = `/** A helper in its own file: the module imports it by its .js name, as NodeNext TypeScript does. */
export function negated(value: number): number {
  return -value;
}
`;

const MY_REVERSAL_TS = `import { negated } from './sign.js';

type Params = Readonly<Record<string, number | string | boolean>>;
type Inputs = { readonly panel: { readonly nDates: number; readonly nSymbols: number; readonly close: Float64Array } };

/** PROTOCOL section 3's reversal, written as a user factor: -(C[t]/C[t-lookback] - 1). */
export const factors = [
  {
    id: 'my_reversal',
    description: 'reversal, as a TypeScript module',
    defaults: { lookback: 5 },
    validate: (params: Params): string | null => (Number.isInteger(params['lookback']) && Number(params['lookback']) >= 1 ? null : 'lookback must be an integer >= 1'),
    compute(inputs: Inputs, params: Params, out: Float64Array): void {
      const { nDates, nSymbols, close } = inputs.panel;
      const lookback = Number(params['lookback']);
      out.fill(Number.NaN);
      for (let t = lookback; t < nDates; t++) {
        for (let i = 0; i < nSymbols; i++) {
          const now = close[t * nSymbols + i]!;
          const then = close[(t - lookback) * nSymbols + i]!;
          const ratio = now / then - 1;
          if (now > 0 && then > 0 && Number.isFinite(ratio)) out[t * nSymbols + i] = negated(ratio);
        }
      }
    },
  },
];
`;

const BOOM_TS = `type Params = Readonly<Record<string, number | string | boolean>>;

export const factors = [
  {
    id: 'boom',
    description: 'throws',
    defaults: {},
    validate: (_params: Params): string | null => null,
    compute(_inputs: unknown, _params: Params, _out: Float64Array): void {
      throw new Error('kaboom');
    },
  },
];
`;

beforeAll(async () => {
  mkdirSync(prices);
  for (const name of readdirSync(sp500).sort().slice(0, 100)) copyFileSync(join(sp500, name), join(prices, name));
  mkdirSync(factorsDir);
  writeFileSync(join(factorsDir, 'sign.ts'), SIGN_TS);
  writeFileSync(join(factorsDir, 'my_reversal.ts'), MY_REVERSAL_TS);
  writeFileSync(join(factorsDir, 'boom.ts'), BOOM_TS);

  // Scores computed "elsewhere": the built-in reversal (lookback 5) of the same panel, as a long score table.
  const { panel } = await loadPanel({ pricesDir: prices });
  const scores = new Float64Array(panel.nDates * panel.nSymbols);
  createBuiltinRegistry().get('reversal').compute({ panel, returns: computeReturns(panel) }, { lookback: 5 }, scores);
  const dates: string[] = [];
  const symbols: string[] = [];
  const values: (number | null)[] = [];
  for (let t = 0; t < panel.nDates; t++) {
    for (let i = 0; i < panel.nSymbols; i++) {
      const score = scores[t * panel.nSymbols + i]!;
      dates.push(formatDate(panel.dates[t]!));
      symbols.push(panel.symbols[i]!);
      values.push(Number.isNaN(score) ? null : score);
    }
  }
  // Shortest round-trip text (String) reads back as the same double.
  const csv = ['symbol,date,score', ...dates.map((date, k) => `${symbols[k]},${date},${values[k] === null ? '' : String(values[k])}`)];
  writeFileSync(join(tmp, 'scores.csv'), `${csv.join('\n')}\n`);
  parquetWriteFile({
    filename: join(tmp, 'scores.parquet'),
    columnData: [
      { name: 'date', data: dates, type: 'STRING' },
      { name: 'symbol', data: symbols, type: 'STRING' },
      { name: 'score', data: values, type: 'DOUBLE' },
    ],
  });
}, 120_000);

function writeConfig(name: string, body: string): string {
  const file = join(tmp, name);
  writeFileSync(file, `data: { prices: ${prices} }\n${body}`);
  return file;
}

describe('user factors through wf-gates', () => {
  it('a .ts module and external score tables (CSV, Parquet) give the gate rows of the built-in factor they reproduce', async () => {
    const before = readdirSync(factorsDir).sort();
    const config = writeConfig(
      'user.yaml',
      [
        'factor_modules: [factors/my_reversal.ts]',
        'factors:',
        '  - { id: reversal, params: { lookback: 5 } }',
        '  - { id: my_reversal, params: { lookback: 5 } }',
        '  - { id: ext_csv, external: scores.csv }',
        '  - { id: ext_parquet, external: scores.parquet }',
        '',
      ].join('\n'),
    );
    const out = join(tmp, 'runs/user');
    const run = await runGates(['--config', config, '--out', out, '--cache-dir', join(tmp, 'cache'), '--use-cache', '--log-level', 'warn']);
    expect(run.stderr).toBe('');
    expect(run.code).toBeLessThan(2);
    const rows = parseRows(readFileSync(join(out, 'gate_report.csv')));
    const numbers = (id: string) => {
      const { factor: _factor, ...rest } = rows.find((row) => row['factor'] === id)!;
      return rest;
    };
    expect(numbers('my_reversal')).toEqual(numbers('reversal'));
    expect(numbers('ext_csv')).toEqual(numbers('reversal'));
    expect(numbers('ext_parquet')).toEqual(numbers('reversal'));
    // The compiled module went to a temp folder, not beside the module.
    expect(readdirSync(factorsDir).sort()).toEqual(before);
    const identity = readManifest(out)['codeIdentity'];
    expect(identity.modules[0].files.map((f: { path: string }) => f.path)).toEqual(['my_reversal.ts', 'sign.ts']);
    expect(identity.scoreTables.map((t: { factor: string; table: string }) => `${t.factor}:${t.table}`)).toEqual(['ext_csv:scores.csv', 'ext_parquet:scores.parquet']);

    // A changed score table is another code identity: no cached signal of the old one is served.
    const negated = readFileSync(join(tmp, 'scores.csv'), 'utf8').replace(/,([^,\n]+)$/gm, (cell, score: string) => (score === 'score' ? cell : `,${-Number(score)}`));
    writeFileSync(join(tmp, 'scores.csv'), negated);
    const again = await runGates(['--config', config, '--out', join(tmp, 'runs/user2'), '--cache-dir', join(tmp, 'cache'), '--use-cache', '--log-level', 'warn']);
    expect(again.code).toBeLessThan(2);
    const identity2 = readManifest(join(tmp, 'runs/user2'))['codeIdentity'];
    expect(identity2.sha256).not.toBe(identity.sha256);
    const rows2 = parseRows(readFileSync(join(tmp, 'runs/user2/gate_report.csv')));
    expect(rows2.find((row) => row['factor'] === 'ext_csv')!['oos_sharpe']).not.toBe(rows.find((row) => row['factor'] === 'ext_csv')!['oos_sharpe']);
  }, 180_000);

  it('a bad score table is one line naming the file and line, exit 2', async () => {
    writeFileSync(join(tmp, 'bad.csv'), 'date,symbol,score\n2014-01-02,AAPL,0.5\n2014-01-02,AAPL,0.7\n');
    const config = writeConfig('bad.yaml', 'factors:\n  - { id: ext, external: bad.csv }\n');
    const run = await runGates(['--config', config, '--out', join(tmp, 'runs/bad'), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('factors.0.external: bad.csv line 3: AAPL on 2014-01-02 repeats the score of line 2');
  });

  it('a factor that throws: message and stack in run.log, manifest.json and wf-gates\' output', async () => {
    const config = writeConfig('boom.yaml', 'factor_modules: [factors/boom.ts]\nfactors:\n  - { id: boom }\n');
    const out = join(tmp, 'runs/boom');
    const run = await runGates(['--config', config, '--out', out, '--cache-dir', join(tmp, 'cache'), '--retries', '0', '--log-level', 'warn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('wf-gates: 1 shard failed: shard 0 (1 attempt, exit code 2: Error: kaboom (stack in shards/0/run.log and manifest.json))');
    expect(run.stderr).toMatch(/"stack":"Error: kaboom\\n\s+at Object\.compute \([^)]*boom\.ts:10:\d+\)/);
    const attempt = readManifest(out)['shards'][0].attempts[0];
    expect(attempt.error.message).toBe('kaboom');
    expect(attempt.error.stack).toMatch(/^Error: kaboom\n\s+at Object\.compute \(.*boom\.ts:10:\d+\)/);
    const log = readFileSync(join(out, 'shards/0/run.log'), 'utf8');
    const failed = log.split('\n').filter((line) => line.includes('"msg":"shard failed"')).map((line) => JSON.parse(line) as { error: { stack: string } });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error.stack).toContain('boom.ts:10:');
  }, 120_000);
});
