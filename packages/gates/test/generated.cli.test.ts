/**
 * wf-gates as a process on a generated market (the engine's seeded sample market with a
 * planted short-term reversal): verdicts, manifest, freeze, byte-identical outputs for 1, 2
 * and 3 shards and cache off/cold/warm, a killed shard retried, a failing shard, SIGINT
 * then --resume, and the refusals (exit 2, one line).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRecord, readManifest, readRunOutputs, runGates } from './gatesHarness.js';

const FACTORS = `factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
  - { id: low_liquidity, params: { lookback: 20 } }
  - { id: high_52w, params: { lookback: 60 } }
  - { id: amihud, params: { lookback: 20 } }
`;
const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
gates: { min_universe_mean: 20 }
${FACTORS}`;
const NOISE = ['amihud', 'high_52w', 'low_liquidity', 'momentum'];

describe('wf-gates on a generated market', () => {
  let tmp: string;
  let config: string;
  let reference: Record<string, string>;
  let referenceRun: Awaited<ReturnType<typeof runGates>>;
  const out = (name: string): string => join(tmp, name);
  const gates = (name: string, ...flags: string[]) =>
    runGates(['--config', config, '--out', out(name), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn', ...flags]);
  const writeConfig = (name: string, text: string): string => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-gates-'));
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 60, days: 500, seed: 7 }) });
    config = writeConfig('config.yaml', CONFIG);
    referenceRun = await gates('reference', '--write-freeze', join(tmp, 'freeze.json'));
    reference = readRunOutputs(out('reference'));
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('passes the planted reversal factor, fails the noise factors, exits 1 and prints the verdict table', () => {
    expect(referenceRun.stderr).toBe('');
    expect(referenceRun.code).toBe(1);
    const verdicts = (reference['gate_report.csv'] as string)
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => [line.split(',')[0], line.split(',').at(-2)]);
    expect(verdicts).toEqual([...NOISE.map((id) => [id, 'false']), ['reversal', 'true']].sort());
    expect(referenceRun.stdout).toMatch(/^reversal +PASS /m);
    for (const id of NOISE) expect(referenceRun.stdout).toMatch(new RegExp(`^${id} +FAIL `, 'm'));
    expect(referenceRun.stdout).toMatch(/1 of 5 factors pass: FAIL/);
    const json = JSON.parse(reference['gate_report.json'] as string) as { pass: boolean; factors: { factor: string; pass: boolean }[] };
    expect(json.pass).toBe(false);
    expect(json.factors.filter((f) => f.pass).map((f) => f.factor)).toEqual(['reversal']);
    expect(reference['gate_report.md']).toMatch(/\| reversal \| PASS \|/);
    for (const id of [...NOISE, 'reversal']) expect(reference[`charts/${id}.svg`]).toMatch(/^<svg [^]*<\/svg>\n$/);
    expect(reference['charts/reversal.svg']).toContain('reversal: PASS');
  });

  it('completes manifest.json with config, data, plan, attempts, verdict and the sha256 of every output file', () => {
    const manifest = readManifest(out('reference'));
    expect(manifest['status']).toBe('gates_failed');
    expect(manifest['protocolVersion']).toBe(2);
    expect(manifest['code']).toMatchObject({ package: 'walk-forward-gates', version: '0.1.0' });
    expect(manifest['config'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest['config'].fileSha256).toBe(createHash('sha256').update(readFileSync(config)).digest('hex'));
    expect(manifest['data']).toMatchObject({ symbols: 60, dates: 500 });
    expect(manifest['data'].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest['plan']).toMatchObject({ windows: 8, unitsTotal: 40, shards: [{ index: 0, factorIds: ['amihud', 'high_52w', 'low_liquidity', 'momentum', 'reversal'] }] });
    expect(manifest['shards'][0].attempts).toHaveLength(1);
    expect(manifest['shards'][0].attempts[0]).toMatchObject({ attempt: 1, resume: false, exitCode: 0, ok: true });
    expect(manifest['verdict']).toEqual({ pass: false, passed: ['reversal'], failed: NOISE });
    const outputs = manifest['outputs'] as { path: string; sha256: string; bytes: number }[];
    for (const name of Object.keys(reference)) expect(outputs.map((o) => o.path)).toContain(name);
    for (const output of outputs) {
      expect(createHash('sha256').update(readFileSync(join(out('reference'), output.path))).digest('hex'), output.path).toBe(output.sha256);
    }
  });

  it('writes the same merged files, gate reports and charts for 2 and 3 shards and with the signal cache cold and warm', async () => {
    // The freeze written by the reference run matches: a config naming it runs.
    const frozen = writeConfig('frozen.yaml', `${CONFIG}freeze: freeze.json\n`);
    const [two, three] = await Promise.all([
      runGates(['--config', frozen, '--out', out('two'), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--log-level', 'warn']),
      gates('three', '--wf-shards', '3', '--max-parallel', '2'),
    ]);
    const cold = await gates('cold', '--wf-shards', '2', '--use-cache', '--cache-dir', join(tmp, 'signals'));
    const warm = await gates('warm', '--wf-shards', '2', '--use-cache', '--cache-dir', join(tmp, 'signals'));
    for (const result of [two, three, cold, warm]) expect(result.code, result.stderr).toBe(1);
    for (const name of ['two', 'three', 'cold', 'warm']) expect(readRunOutputs(out(name)), name).toEqual(reference);
    expect(readManifest(out('three'))['plan'].shards).toHaveLength(3);
    expect(readManifest(out('two'))['freeze'].checked.path).toBe(join(tmp, 'freeze.json'));
  }, 60_000);

  it('refuses a config whose factors differ from its freeze, with the diff, before starting any shard', async () => {
    const changed = CONFIG.replace('lookback: [3, 5, 10]', 'lookback: [3, 5]').replace('factors:\n', 'factors:\n  - { id: rsi, params: { period: 14 } }\n');
    const result = await runGates(['--config', writeConfig('changed.yaml', `${changed}freeze: freeze.json\n`), '--out', out('changed'), '--cache-dir', join(tmp, 'cache')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^wf-gates: the config's factors differ from the freeze .*freeze\.json \(2 differences\): /);
    expect(result.stderr).toContain('~ reversal: candidates [lookback=3 | lookback=5 | lookback=10] -> [lookback=3 | lookback=5]');
    expect(result.stderr).toContain('+ rsi (not in the freeze)');
    expect(existsSync(out('changed'))).toBe(false);
    const freeze = JSON.parse(readFileSync(join(tmp, 'freeze.json'), 'utf8')) as { factors: { id: string; candidates: string[] }[] };
    expect(freeze.factors.map((f) => f.id)).toEqual(['amihud', 'high_52w', 'low_liquidity', 'momentum', 'reversal']);
  });

  it('retries a shard killed mid-run with --resume and ends with the same files', async () => {
    const pids = new Map<string, number>();
    let killed = false;
    const result = await runGates(
      ['--config', config, '--out', out('killed'), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--log-level', 'debug'],
      (line) => {
        const record = logRecord(line);
        if (record === null) return;
        if (record['msg'] === 'shard started') pids.set(`${record['shard']}/${record['attempt']}`, record['pid'] as number);
        if (!killed && record['msg'] === 'shard heartbeat' && record['shard'] === 0 && record['attempt'] === 1) {
          killed = true;
          process.kill(pids.get('0/1') as number, 'SIGKILL');
        }
      },
    );
    expect(killed).toBe(true);
    expect(result.code, result.stderr).toBe(1);
    const attempts = readManifest(out('killed'))['shards'][0].attempts;
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ exitSignal: 'SIGKILL', ok: false, resume: false });
    expect(attempts[1]).toMatchObject({ exitCode: 0, ok: true, resume: true });
    expect(readRunOutputs(out('killed'))).toEqual(reference);
  }, 60_000);

  it('stops every shard on SIGINT, exits 2 keeping their rows, and --resume finishes with the same files', async () => {
    let interrupted = false;
    const stopped = await runGates(
      ['--config', config, '--out', out('stopped'), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--log-level', 'debug'],
      (line, child) => {
        if (!interrupted && logRecord(line)?.['msg'] === 'shard heartbeat') {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/wf-gates: run interrupted \(SIGINT\); .*--resume/);
    const manifest = readManifest(out('stopped'));
    expect(manifest['status']).toBe('interrupted');
    expect(manifest['outputs']).toEqual([]);
    expect(existsSync(join(out('stopped'), 'gate_report.csv'))).toBe(false);
    // The shard count comes from the manifest.
    const resumed = await gates('stopped', '--resume');
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(readRunOutputs(out('stopped'))).toEqual(reference);
    const after = readManifest(out('stopped'));
    expect(after['invocations'].map((i: { status: string; resume: boolean }) => [i.status, i.resume])).toEqual([
      ['interrupted', false],
      ['gates_failed', true],
    ]);
    expect(after['shards'].every((s: { attempts: { resume: boolean }[] }) => s.attempts.at(-1)?.resume === true)).toBe(true);
  }, 60_000);

  it('exits 2 when a shard fails on every attempt, keeping the other shard\'s rows', async () => {
    writeFileSync(
      join(tmp, 'broken.mjs'),
      `export const factors = [{
  id: 'broken', description: 'throws', defaults: { lookback: 5 }, costHint: 10,
  validate: () => null,
  compute: () => { throw new Error('broken factor exploded'); },
}];\n`,
    );
    const brokenConfig = writeConfig('broken.yaml', `${CONFIG.replace(FACTORS, '')}factor_modules: [broken.mjs]
factors:
  - { id: reversal, params: { lookback: 5 } }
  - { id: momentum, params: { lookback: 40, skip: 5 } }
  - { id: broken }
`);
    const result = await runGates(['--config', brokenConfig, '--out', out('broken'), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--log-level', 'warn']);
    expect(result.code).toBe(2);
    const errorLines = result.stderr.trim().split('\n').filter((line) => logRecord(line) === null);
    expect(errorLines).toEqual([expect.stringMatching(/^wf-gates: 1 shard failed: shard 0 \(2 attempts, exit code 2: .*broken factor exploded/)]);
    const manifest = readManifest(out('broken'));
    expect(manifest['status']).toBe('failed');
    expect(manifest['plan'].shards.map((s: { factorIds: string[] }) => s.factorIds)).toEqual([['broken'], ['momentum', 'reversal']]);
    expect(manifest['shards'].map((s: { status: string; attempts: unknown[] }) => [s.status, s.attempts.length])).toEqual([
      ['failed', 2],
      ['done', 1],
    ]);
    const kept = readFileSync(join(out('broken'), 'shards/1/walk_forward_summary.csv'), 'utf8').trim().split('\n');
    expect(kept).toHaveLength(1 + 2 * 8);
    expect(existsSync(join(out('broken'), 'walk_forward_summary.csv'))).toBe(false);
  }, 60_000);

  it('exits 2 with one line for bad flags, configs, factors and output folders, starting no shard', async () => {
    const badConfig = writeConfig('bad.yaml', CONFIG.replace('objective: sharpe', 'objective: sharpe\nwindow: { test_days: 5 }\nportfolio: { quantiles: one }'));
    const badFactor = writeConfig('badfactor.yaml', CONFIG.replace('params: { lookback: 60 }', 'params: { lookback: 60, speed: 2 }').replace('id: amihud', 'id: nope'));
    const cases: [string, string[], RegExp][] = [
      ['flag', ['--bogus'], /^wf-gates: unknown flag --bogus \(see --help\)$/],
      ['typo', ['--use-cach'], /^wf-gates: unknown flag --use-cach \(did you mean --use-cache\?\) \(see --help\)$/],
      ['shards', ['--shards', '0'], /^wf-gates: --shards 0 is invalid: expected an integer >= 1$/],
      ['retries', ['--retries', '-1'], /^wf-gates: --retries -1 is invalid/],
      ['timeout', ['--shard-timeout', '0'], /^wf-gates: --shard-timeout 0 is invalid/],
      ['config', ['--config', badConfig], /^wf-gates: config .*bad\.yaml \(2 problems\): .*portfolio\.quantiles: .*"one".*; .*window/],
      ['factor', ['--config', badFactor], /^wf-gates: config .*badfactor\.yaml \(2 problems\): factors\.3: .*speed.*; factors\.4: .*nope/],
      ['prices', ['--prices', join(tmp, 'no-such-folder')], /no-such-folder/],
      ['resume', ['--resume'], /^wf-gates: output folder .*: there is no manifest\.json to resume/],
      // The panel cached by earlier runs: its shape is read from the cache and the plan refused (or, while the
      // price files are too fresh for their stats to vouch for them, their load is refused before reading them).
      ['memory', ['--max-memory-gb', '0.01'], /^wf-gates: (the run needs an estimated [0-9.]+ GB of memory at its peak \(60 symbols x 500 dates, .*more than --max-memory-gb \(0\.01 GB\); even 1 shard with 1 worker needs|loading the prices \([0-9.]+ MB of CSV in 60 files\) needs)/],
      // A cold cache: the CSV load itself is refused before any file is read.
      ['memory-cold', ['--max-memory-gb', '0.01', '--cache-dir', join(tmp, 'cold-cache')], /^wf-gates: loading the prices \([0-9.]+ MB of CSV in 60 files\) needs an estimated 0\.1[0-9] GB of memory, more than --max-memory-gb \(0\.01 GB\): run on a machine with more memory/],
      ['memory-flag', ['--max-memory-gb', '0'], /^wf-gates: --max-memory-gb 0 is invalid/],
    ];
    const results = await Promise.all(cases.map(([name, flags]) => gates(`bad-${name}`, ...flags)));
    const notEmpty = await gates('reference');
    for (const [k, result] of [...results, notEmpty].entries()) {
      const [name, , pattern] = cases[k] ?? ['not empty', [], /^wf-gates: output folder .*reference: it is not empty .*--resume/];
      expect(result.code, `${name}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(result.stderr.trim(), name).toMatch(pattern);
      expect(result.stdout, name).toBe('');
    }
    for (const [name] of cases) expect(existsSync(join(out(`bad-${name}`), 'shards')), name).toBe(false);
    expect(readRunOutputs(out('reference'))).toEqual(reference);
  }, 60_000);
});
