/**
 * wf-export and wf-report as processes (scripts/dist): exit codes, one line per file written,
 * one-line errors naming the flag or folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { runWalkForward } from '@wf/walk-forward';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const tmp = mkdtempSync(join(tmpdir(), 'wf-export-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(script: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(dist, script), ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 30, days: 360, seed: 5 }) });
  writeFileSync(
    join(tmp, 'config.yaml'),
    'data: { prices: prices }\nuniverse: { min_history: 20, min_price: 1, min_dollar_volume: 0 }\nwindows: { warmup_days: 60, train_days: 120, test_days: 60 }\nportfolio: { quantiles: 3, min_names: 6 }\nfactors:\n  - { id: reversal, space: { lookback: [3, 5] } }\n',
  );
  await runWalkForward({ configPath: join(tmp, 'config.yaml'), outDir: join(tmp, 'run'), cacheDir: join(tmp, 'cache'), workers: 1 });
}, 60_000);

describe('wf-export', () => {
  it('writes each table as Parquet (default RUN_DIR/export) or CSV (--out), one stdout line per file', () => {
    const parquet = run('run-export.js', [join(tmp, 'run')]);
    expect(parquet.code, parquet.stderr).toBe(0);
    const lines = parquet.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^${join(tmp, 'run', 'export', 'oos_daily.parquet')}  \\d+ rows, 5 columns$`));
    expect(readFileSync(join(tmp, 'run', 'export', 'walk_forward_summary.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    const csv = run('run-export.js', [join(tmp, 'run'), '--format', 'csv', '--out', join(tmp, 'csv')]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'csv', 'walk_forward_summary.csv'), 'utf8').split('\n')[0]).toMatch(/,oos_universe_mean,param_lookback$/);
  });

  it('refuses a bad format, a folder without tables and a missing folder with one line and exit 2', () => {
    for (const args of [[join(tmp, 'run'), '--format', 'xlsx'], [join(tmp, 'prices')], [join(tmp, 'nope')], []]) {
      const result = run('run-export.js', args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^wf-export: /);
    }
    expect(existsSync(join(tmp, 'prices', 'export'))).toBe(false);
  });
});

describe('wf-report', () => {
  it('refuses a folder that is not a finished gate run with one line and exit 2', () => {
    const result = run('run-report.js', [join(tmp, 'run')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`wf-report: cannot read ${join(tmp, 'run', 'manifest.json')} (ENOENT)`);
  });
});
