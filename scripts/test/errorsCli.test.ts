/**
 * Bad input through the four CLIs as processes (issue 9, items 5-7): every refusal is one
 * line on stderr with exit 2 and no stack, input is quoted bounded, errnos are named, the
 * silent cases are errors or warnings, limits refuse before any work, and `--wf-shards`
 * beyond the factor count is clamped without changing a byte of the outputs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../test-support/runNodeScript.js';
import type { ScriptResult } from '../../test-support/runNodeScript.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLIS = {
  'wf-gates': join(repoRoot, 'scripts/bundle/run-production-gates.js'),
  'wf-walk-forward': join(repoRoot, 'scripts/bundle/run-walk-forward.js'),
  'wf-optimize': join(repoRoot, 'scripts/dist/run-optimization.js'),
  'wf-summarize': join(repoRoot, 'scripts/dist/summarize-factors.js'),
} as const;
type CliName = keyof typeof CLIS;

const HEADER = 'date,open,high,low,close,volume';
const FACTORS = `factors:
  - { id: reversal, space: { lookback: [3, 5] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
`;
const SETTINGS = `universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
`;

let tmp: string;
const path = (...parts: string[]): string => join(tmp, ...parts);

function run(cli: CliName, args: readonly string[]): Promise<ScriptResult> {
  return runNodeScript({ script: CLIS[cli], args, cwd: tmp });
}

/** Flags that get each CLI as far as reading its config (and a fresh output folder). */
function argsFor(cli: CliName, config: string, out: string): string[] {
  const common = ['--config', config, '--log-level', 'warn'];
  switch (cli) {
    case 'wf-gates':
      return [...common, '--out', out, '--cache-dir', path('cache')];
    case 'wf-walk-forward':
      return [...common, '--out', out, '--cache-dir', path('cache')];
    case 'wf-optimize':
      return [...common, '--factor', 'reversal', '--out', out, '--cache-dir', path('cache')];
    case 'wf-summarize':
      return [...common, '--cache-dir', path('cache')];
  }
}

/** A refusal: exit 2, one line on stderr that starts with the CLI's name, no stack. */
function expectOneLineRefusal(cli: CliName, result: ScriptResult): string {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines, result.stderr).toHaveLength(1);
  const line = lines[0] as string;
  expect(line.startsWith(`${cli}: `)).toBe(true);
  expect(line).not.toMatch(/unexpected failure|\s+at \S+ \(/);
  return line;
}

function writeConfig(name: string, body: string): string {
  const file = path(name);
  writeFileSync(file, body);
  return file;
}

/** Nine levels of nine aliases: a few hundred bytes that expand to 9^9 strings. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let k = 1; k <= 8; k++) lines.push(`a${k}: &a${k} [${Array.from({ length: 9 }, () => `*a${k - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\ndata: { prices: prices }\n${FACTORS}`;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wf-errors-cli-'));
  writeSampleMarket({ dir: path('prices'), market: generateSampleMarket({ symbols: 30, days: 300, seed: 11 }) });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a YAML alias bomb as --config', () => {
  for (const cli of Object.keys(CLIS) as CliName[]) {
    it(`${cli}: one line naming the file, exit 2, no stack`, async () => {
      const config = writeConfig(`bomb-${cli}.yaml`, aliasBomb());
      const line = expectOneLineRefusal(cli, await run(cli, argsFor(cli, config, path(`out-bomb-${cli}`))));
      expect(line).toContain(config);
      expect(line).toContain('aliases expand to more than 100 nodes');
    });
  }
});

describe('bad values that used to pass silently or print "null"', () => {
  it('a non-numeric number flag is named with the text given, in both spellings, on each CLI', async () => {
    const config = writeConfig('ok.yaml', `data: { prices: prices }\n${SETTINGS}${FACTORS}`);
    const gates = expectOneLineRefusal('wf-gates', await run('wf-gates', [...argsFor('wf-gates', config, path('out-nan')), '--wf-shards', 'abc']));
    expect(gates).toBe('wf-gates: --wf-shards expects a number, got "abc" (see --help)');
    const equals = expectOneLineRefusal('wf-gates', await run('wf-gates', [...argsFor('wf-gates', config, path('out-nan')), '--max-parallel=2x']));
    expect(equals).toBe('wf-gates: --max-parallel expects a number, got "2x" (see --help)');
    const shard = expectOneLineRefusal('wf-walk-forward', await run('wf-walk-forward', [...argsFor('wf-walk-forward', config, path('out-nan')), '--shard-count', 'three']));
    expect(shard).toBe('wf-walk-forward: --shard-count expects a number, got "three" (see --help)');
    const budget = expectOneLineRefusal('wf-optimize', await run('wf-optimize', [...argsFor('wf-optimize', config, path('out-nan')), '--budget', 'ten']));
    expect(budget).toBe('wf-optimize: --budget expects a number, got "ten" (see --help)');
  });

  it('a config with several problems is still one line on every CLI', async () => {
    const config = writeConfig('two-problems.yaml', `data: { prices: prices }\nportfolio: { quantiles: one }\nwindows: { test_days: 0 }\n${FACTORS}`);
    for (const cli of Object.keys(CLIS) as CliName[]) {
      const line = expectOneLineRefusal(cli, await run(cli, argsFor(cli, config, path(`out-two-problems-${cli}`))));
      expect(line).toMatch(/windows\.test_days: expected an integer >= 1, got 0; (.*: )?portfolio\.quantiles: expected an integer >= 2, got "one"$/);
    }
  });

  it('__proto__ in params is an error naming its key path (wf-gates and wf-walk-forward)', async () => {
    const config = writeConfig('proto.yaml', `data: { prices: prices }\n${SETTINGS}factors:\n  - { id: reversal, params: { __proto__: 3, lookback: 5 } }\n`);
    const gates = expectOneLineRefusal('wf-gates', await run('wf-gates', argsFor('wf-gates', config, path('out-proto-g'))));
    expect(gates).toContain('factors.0.params.__proto__: "__proto__" is a reserved name');
    const shard = expectOneLineRefusal('wf-walk-forward', await run('wf-walk-forward', argsFor('wf-walk-forward', config, path('out-proto-w'))));
    expect(shard).toContain('factors.0.params.__proto__: "__proto__" is a reserved name');
  });

  it('a negative value in a space list is an error naming the key path and value', async () => {
    const config = writeConfig('negative.yaml', `data: { prices: prices }\n${SETTINGS}factors:\n  - { id: reversal, space: { lookback: [3, -5, 10] } }\n`);
    const gates = expectOneLineRefusal('wf-gates', await run('wf-gates', argsFor('wf-gates', config, path('out-neg-g'))));
    expect(gates).toContain("factors.0: factor reversal: space.lookback[1] = -5 fails the factor's constraints in every combination");
    const shard = expectOneLineRefusal('wf-walk-forward', await run('wf-walk-forward', argsFor('wf-walk-forward', config, path('out-neg-w'))));
    expect(shard).toContain('space.lookback[1] = -5');
  });
});

describe('limits', () => {
  it('a 44,722 x 44,722 space is refused from its list lengths, naming factor, count and limit, before any output', async () => {
    const values = Array.from({ length: 44_722 }, (_, k) => k + 1).join(', ');
    const config = writeConfig('huge.yaml', `data: { prices: prices }\n${SETTINGS}factors:\n  - { id: momentum, space: { lookback: [${values}], skip: [${values}] } }\n`);
    const line = expectOneLineRefusal('wf-gates', await run('wf-gates', argsFor('wf-gates', config, path('out-huge'))));
    expect(line).toContain(
      'factors.0.space: factor "momentum" has 44722 x 44722 = 2000057284 candidates, more than limits.max_candidates_per_factor (10000)',
    );
    expect(() => statSync(path('out-huge'))).toThrow();
  });

  it('--wf-shards 10000 with 2 factors runs 2 shards, logs the clamp, and writes the bytes of a 2-shard run', async () => {
    const config = writeConfig('two.yaml', `data: { prices: prices }\n${SETTINGS}${FACTORS}`);
    const gates = (name: string, shards: string, level: string) =>
      run('wf-gates', ['--config', config, '--out', path(name), '--cache-dir', path('cache'), '--log-level', level, '--wf-shards', shards]);
    const clamped = await gates('out-clamped', '10000', 'info');
    expect([0, 1]).toContain(clamped.code);
    const records = clamped.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r['msg'] === 'shards clamped')).toMatchObject({ level: 30, requested: 10000, shardCount: 2, factors: 2 });
    const manifest = JSON.parse(readFileSync(path('out-clamped', 'manifest.json'), 'utf8')) as { options: { shardCount: number }; shards: unknown[] };
    expect(manifest.options.shardCount).toBe(2);
    expect(manifest.shards).toHaveLength(2);
    expect(readdirSync(path('out-clamped', 'shards')).sort()).toEqual(['0', '1']);

    const two = await gates('out-two', '2', 'warn');
    expect(two.code).toBe(clamped.code);
    for (const file of ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv', 'gate_report.csv', 'gate_report.json', 'gate_report.md']) {
      // The report's night-over-night section names the run it was compared with: left out.
      const text = (name: string): string => readFileSync(path(name, file), 'utf8').split('\n## Since the previous run')[0] as string;
      expect(text('out-clamped'), file).toBe(text('out-two'));
    }
  });
});

describe('wf-walk-forward with a huge --shard-count', () => {
  it('runs shard 0 of 1e9 as shard 0 of 2 and shard 999999999 as an empty shard, allocating nothing per empty shard', async () => {
    const config = writeConfig('walk-shards.yaml', `data: { prices: prices }\n${SETTINGS}${FACTORS}`);
    const walk = (out: string, index: string, count: string) =>
      run('wf-walk-forward', ['--config', config, '--out', path(out), '--cache-dir', path('cache'), '--log-level', 'warn', '--shard-index', index, '--shard-count', count]);
    const [huge0, two0, hugeLast] = await Promise.all([walk('out-w-huge0', '0', '1000000000'), walk('out-w-two0', '0', '2'), walk('out-w-last', '999999999', '1000000000')]);
    expect([huge0.code, two0.code, hugeLast.code], huge0.stderr + two0.stderr + hugeLast.stderr).toEqual([0, 0, 0]);
    expect(huge0.stdout).toMatch(/^shard 0\/1000000000: \d+ windows run, 0 resumed, factors (momentum|reversal) -> /);
    expect(huge0.stdout.replace(/ -> .*/, '').replace('1000000000', '2')).toBe(two0.stdout.replace(/ -> .*/, ''));
    expect(hugeLast.stdout).toMatch(/^shard 999999999\/1000000000: 0 windows run, 0 resumed, factors \(none\) -> /);
    expect(readFileSync(path('out-w-huge0', 'walk_forward_summary.csv'), 'utf8')).toBe(readFileSync(path('out-w-two0', 'walk_forward_summary.csv'), 'utf8'));
  });
});

describe('data errors through wf-walk-forward', () => {
  it('a 5 MB cell is quoted to 120 characters with its size, one line under 300 bytes', async () => {
    const prices = path('prices-huge');
    mkdirSync(prices);
    writeFileSync(join(prices, 'A.csv'), `${HEADER}\n2020-01-02,1,1,1,${'7'.repeat(5_000_000)}x,10\n`);
    const config = writeConfig('huge-cell.yaml', `data: { prices: prices-huge }\n${SETTINGS}${FACTORS}`);
    const line = expectOneLineRefusal('wf-walk-forward', await run('wf-walk-forward', argsFor('wf-walk-forward', config, path('out-cell'))));
    expect(Buffer.byteLength(line)).toBeLessThan(300);
    expect(line).toBe(`wf-walk-forward: A.csv line 2: close "${'7'.repeat(120)}…" (5000001 bytes) is not a number`.replace('A.csv', 'prices-huge/A.csv'));
  });

  it('a price file that is a folder is reported with EISDIR and its path, not as missing', async () => {
    const prices = path('prices-eisdir');
    mkdirSync(prices);
    writeFileSync(join(prices, 'A.csv'), readFileSync(path('prices', readdirSync(path('prices'))[0] as string)));
    mkdirSync(path('a-folder'));
    symlinkSync(path('a-folder'), join(prices, 'B.csv'));
    const config = writeConfig('eisdir.yaml', `data: { prices: prices-eisdir }\n${SETTINGS}${FACTORS}`);
    const line = expectOneLineRefusal('wf-walk-forward', await run('wf-walk-forward', argsFor('wf-walk-forward', config, path('out-eisdir'))));
    expect(line).toBe(`wf-walk-forward: cannot read prices file "${join(prices, 'B.csv')}": EISDIR (illegal operation on a directory)`);
  });
});

/** A tmpfs of `size` at `dir` (root only); false when it cannot be mounted here. */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('an unreadable file', () => {
  it('wf-walk-forward names EACCES and the file, not "does not exist" (as root, run as nobody: root reads any file)', () => {
    const isRoot = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'wf-eacces-'));
    try {
      chmodSync(dir, 0o777);
      writeSampleMarket({ dir: join(dir, 'prices'), market: generateSampleMarket({ symbols: 30, days: 300, seed: 11 }) });
      chmodSync(join(dir, 'prices', 'S003.csv'), 0o000);
      writeFileSync(join(dir, 'c.yaml'), `data: { prices: prices }\n${SETTINGS}${FACTORS}`, { mode: 0o644 });
      const result = spawnSync(process.execPath, [CLIS['wf-walk-forward'], '--config', 'c.yaml', '--out', 'out', '--cache-dir', 'cache', '--log-level', 'warn'], {
        cwd: dir,
        encoding: 'utf8',
        ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toBe(`wf-walk-forward: cannot read prices file "${join(dir, 'prices', 'S003.csv')}": EACCES (permission denied)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cache corruption', () => {
  /** Flips one byte in the middle of every file under `dir`. */
  function corruptAll(dir: string): string[] {
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.bin'))
      .map((entry) => join(entry.parentPath, entry.name));
    for (const file of files) {
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] as number) ^ 0xff;
      writeFileSync(file, bytes);
    }
    return files;
  }

  it('wf-walk-forward recomputes corrupt panel, universe, signal and window entries with a warn line naming each, and the same bytes', async () => {
    const config = writeConfig('cached.yaml', `data: { prices: prices }\n${SETTINGS}${FACTORS}`);
    const cacheDir = path('cache-corrupt');
    const walk = (out: string) => run('wf-walk-forward', ['--config', config, '--out', path(out), '--cache-dir', cacheDir, '--use-cache', '--log-level', 'warn']);
    const first = await walk('out-cache-1');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const corrupted = corruptAll(cacheDir);
    const second = await walk('out-cache-2');
    expect(second.code, second.stderr).toBe(0);
    const warnings = second.stderr.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warnings.every((w) => w['level'] === 40 && w['msg'] === 'cache entry corrupt')).toBe(true);
    expect(new Set(warnings.map((w) => w['cache']))).toEqual(new Set(['panel', 'universe', 'signal', 'window']));
    expect(warnings.map((w) => w['path']).sort()).toEqual(corrupted.filter((f) => !f.includes('/stat')).sort());
    for (const file of ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv']) {
      expect(readFileSync(path('out-cache-2', file), 'utf8'), file).toBe(readFileSync(path('out-cache-1', file), 'utf8'));
    }
  });
});

describe('a full disk', () => {
  it('wf-gates names ENOSPC and the file that failed, not manifest.json (skipped where a tmpfs cannot be mounted)', async (context) => {
    const disk = path('disk');
    mkdirSync(disk);
    // 64 KiB: the manifest fits, the shard and merged files (about 20 KiB each) do not.
    if (!mountTmpfs(disk, '64k')) context.skip('mounting a tmpfs needs root; ENOSPC is covered by packages/engine/src/errors.test.ts (/dev/full)');
    try {
      const config = writeConfig('full.yaml', `data: { prices: prices }\n${SETTINGS}${FACTORS}`);
      const result = await run('wf-gates', ['--config', config, '--out', join(disk, 'run'), '--cache-dir', path('cache'), '--retries', '0', '--log-level', 'warn']);
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      const errorLine = lines.filter((line) => !line.startsWith('{'));
      expect(errorLine, result.stderr).toHaveLength(1);
      expect(errorLine[0]).toMatch(/^wf-gates: .*ENOSPC/);
      expect(errorLine[0]).not.toContain('manifest.json');
      const warnings = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
      // Warnings: the interim manifest saves that failed, and the shard that hit the full disk.
      expect(warnings.every((w) => w['level'] === 40 && (w['msg'] === 'manifest not saved' || w['msg'] === 'shard exited')), result.stderr).toBe(true);
    } finally {
      execFileSync('umount', [disk], { stdio: 'ignore' });
    }
  });
});
