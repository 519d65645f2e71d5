import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
let dir: string;

function run(script: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(dist, script), ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('make-sample-data and summarize-factors CLIs (compiled, as processes)', () => {
  it('writes a seeded market, then refuses to overwrite it without --force', () => {
    const out = join(dir, 'market');
    const first = run('make-sample-data.js', ['--out', out, '--symbols', '40', '--days', '320', '--seed', '3']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/wrote 40 price files/);
    expect(readdirSync(out).filter((f) => f.endsWith('.csv'))).toHaveLength(40);
    const again = run('make-sample-data.js', ['--out', out, '--symbols', '40', '--days', '320']);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^wf-make-sample-data: refusing to write /);
  });

  it('prints every factor of a config with the panel from CSV first and from the binary cache after', () => {
    const config = join(dir, 'summary.yaml');
    writeFileSync(
      config,
      [
        'data: { prices: market }',
        'windows: { warmup_days: 100 }',
        'universe: { min_history: 20 }',
        'factors:',
        '  - { id: reversal, params: { lookback: 5 } }',
        '  - { id: ma_cross, space: { fast: [10, 20], slow: [50] } }',
      ].join('\n'),
    );
    const cacheDir = join(dir, 'cache');
    const cold = run('summarize-factors.js', ['--config', config, '--cache-dir', cacheDir]);
    expect(cold.code).toBe(0);
    expect(cold.stdout).toMatch(/market: 40 symbols x 320 dates/);
    expect(cold.stdout).toMatch(/^reversal\s+lookback=5\s/m);
    expect(cold.stdout).toMatch(/^ma_cross\s+fast=10;slow=50\s/m);
    expect(cold.stderr).toMatch(/"source":"csv"/);
    const warm = run('summarize-factors.js', ['--config', config, '--cache-dir', cacheDir]);
    expect(warm.stderr).toMatch(/"source":"cache"/);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('rejects a bad config with one line naming the file and key, exit 2', () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'data: { prices: market }\nportfolio: { quantiles: five }\nfactors:\n  - { id: reversal }\n');
    const result = run('summarize-factors.js', ['--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml: portfolio\.quantiles: /);
  });

  it('rejects an unknown flag with one line and exit 2', () => {
    const result = run('summarize-factors.js', ['--bogus-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^wf-summarize: unknown flag --bogus-flag/);
  });

  it('reports a malformed price file by file and line, exit 2', () => {
    const prices = join(dir, 'broken');
    const out = run('make-sample-data.js', ['--out', prices, '--symbols', '12', '--days', '120']);
    expect(out.code).toBe(0);
    const file = join(prices, 'S003.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[5] = lines[5]!.replace(/,[^,]+,([^,]+)$/, ',abc,$1');
    writeFileSync(file, lines.join('\n'));
    const config = join(dir, 'broken.yaml');
    writeFileSync(config, 'data: { prices: broken }\nwindows: { warmup_days: 30 }\nfactors:\n  - { id: reversal }\n');
    const result = run('summarize-factors.js', ['--config', config, '--cache-dir', join(dir, 'cache2')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\/S003\.csv line 6: close "abc" is not a number/);
  });
});
