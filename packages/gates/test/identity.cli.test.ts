/**
 * wf-gates as a process: nothing computed from other data or by other code is ever served
 * (issue 9 items 3 and 4, issue 11 item 1). An in-place edit of one close whose size and
 * mtime are put back is seen on the warm path; a user factor module edited between two
 * cached runs (or only a file it imports) is recomputed; `--resume` under edited code is
 * refused with the diff, by wf-gates and by a wf-walk-forward shard; a rebuilt engine reads
 * no cache entry of the old build.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import { readManifest, readRunOutputs, repoRoot, runGates } from './gatesHarness.js';

/** The panel cache's racy margin (PanelCache.RACY_MARGIN_MS) plus slack. */
const RACY_WAIT_MS = 2100;

/** A user factor: minus the lookback return, times FLIP (in the module) and SIGN (in a file it imports). */
const moduleSource = (flip: number): string => `import { SIGN } from './lib/sign.mjs';
const FLIP = ${flip};
export const factors = [
  {
    id: 'user_reversal',
    description: 'minus the lookback return, times FLIP and SIGN',
    defaults: { lookback: 5 },
    validate: (params) => (Number.isInteger(params.lookback) && params.lookback >= 1 ? null : 'lookback must be an integer >= 1'),
    compute: (inputs, params, out) => {
      const { close, nDates, nSymbols } = inputs.panel;
      const lb = params.lookback;
      for (let t = 0; t < nDates; t++) {
        for (let i = 0; i < nSymbols; i++) {
          const k = t * nSymbols + i;
          out[k] = t < lb ? NaN : -FLIP * SIGN * (close[k] / close[k - lb * nSymbols] - 1);
        }
      }
    },
  },
];
`;
const signSource = (sign: number): string => `export const SIGN = ${sign};\n`;

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
gates: { min_universe_mean: 20 }
factor_modules: [factors/flip.mjs]
factors:
  - { id: user_reversal, space: { lookback: [3, 5] } }
  - { id: reversal, params: { lookback: 5 } }
`;

/** Waits until every file of `dir` was last changed (ctime) longer ago than the racy margin. */
async function waitPastRacyMargin(dir: string): Promise<void> {
  let newestMs = 0;
  for (const name of readdirSync(dir)) newestMs = Math.max(newestMs, statSync(join(dir, name)).ctimeMs);
  const waitMs = newestMs + RACY_WAIT_MS - Date.now();
  if (waitMs > 0) await sleep(waitMs);
}

/** The `run done` record of a shard's run.log: where its signals came from. */
type RunDone = { cacheHits: number; signalsComputed: number; unitsRun: number; unitsReused: number };
function shardRunDone(runDir: string, shard = 0): RunDone {
  const lines = readFileSync(join(runDir, 'shards', String(shard), 'run.log'), 'utf8').trim().split('\n');
  const done = lines.map((line) => JSON.parse(line) as RunDone & { msg: string }).filter((r) => r.msg === 'run done');
  return done.at(-1) as RunDone;
}

describe('wf-gates code and data identity', () => {
  let tmp: string;
  const at = (...parts: string[]): string => join(tmp, ...parts);
  const gates = (out: string, cacheDir: string, ...flags: string[]) =>
    runGates(['--config', at('config.yaml'), '--out', at(out), '--cache-dir', at(cacheDir), '--log-level', 'warn', ...flags]);
  const expectVerdictRun = (run: Awaited<ReturnType<typeof runGates>>): void => {
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-identity-'));
    writeSampleMarket({ dir: at('prices'), market: generateSampleMarket({ symbols: 40, days: 400, seed: 7 }) });
    // Whole-second mtimes, so a test can put an mtime back exactly.
    const past = Math.floor(Date.now() / 1000) - 3600;
    for (const name of readdirSync(at('prices'))) utimesSync(at('prices', name), past, past);
    mkdirSync(at('factors', 'lib'), { recursive: true });
    writeFileSync(at('factors', 'flip.mjs'), moduleSource(1));
    writeFileSync(at('factors', 'lib', 'sign.mjs'), signSource(1));
    writeFileSync(at('config.yaml'), CONFIG);
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('recomputes a user factor module edited between two cached runs, and then a file it imports, as a run without cache does', async () => {
    const first = await gates('module-1', 'cache', '--use-cache');
    expectVerdictRun(first);
    const before = readRunOutputs(at('module-1'));
    const identity1 = readManifest(at('module-1'))['codeIdentity'];
    expect(identity1.modules).toEqual([
      {
        module: 'factors/flip.mjs',
        files: [
          { path: 'flip.mjs', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { path: 'lib/sign.mjs', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
        packages: [],
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    // The bundles of wf-gates, wf-walk-forward, wf-worker and wf-optimize, the CSV worker, the pool worker and the candidate worker.
    expect(identity1.engine).toMatchObject({ build: 'bundle', files: 8, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Unchanged code: the cache serves every window (the window cache, so no signal is even read).
    const warm = await gates('module-1-warm', 'cache', '--use-cache');
    expectVerdictRun(warm);
    expect(readRunOutputs(at('module-1-warm'))).toEqual(before);
    const warmDone = shardRunDone(at('module-1-warm'));
    expect(warmDone).toMatchObject({ signalsComputed: 0, unitsReused: warmDone.unitsRun });
    expect(warmDone.unitsRun).toBeGreaterThan(0);

    // The sign of the user factor flipped in the module itself.
    writeFileSync(at('factors', 'flip.mjs'), moduleSource(-1));
    const cached2 = await gates('module-2', 'cache', '--use-cache');
    const fresh2 = await gates('module-2-nocache', 'cache-2');
    expectVerdictRun(cached2);
    expectVerdictRun(fresh2);
    const after = readRunOutputs(at('module-2'));
    expect(shardRunDone(at('module-2'))).toMatchObject({ cacheHits: 0, unitsReused: 0 });
    expect(after).toEqual(readRunOutputs(at('module-2-nocache')));
    // The edit matters (else this test could not fail): user_reversal's rows changed, reversal's did not.
    expect(after['gate_report.csv']).not.toBe(before['gate_report.csv']);
    const rowOf = (text: string | undefined, id: string): string | undefined => text?.split('\n').find((line) => line.startsWith(`${id},`));
    expect(rowOf(after['gate_report.csv'], 'reversal')).toBe(rowOf(before['gate_report.csv'], 'reversal'));
    const identity2 = readManifest(at('module-2'))['codeIdentity'];
    expect(identity2.sha256).not.toBe(identity1.sha256);
    expect(identity2.modules[0].files[1]).toEqual(identity1.modules[0].files[1]);

    // Only the imported file changes: SIGN = -1 flips the factor back.
    writeFileSync(at('factors', 'lib', 'sign.mjs'), signSource(-1));
    const cached3 = await gates('module-3', 'cache', '--use-cache');
    const fresh3 = await gates('module-3-nocache', 'cache-3');
    expectVerdictRun(cached3);
    expectVerdictRun(fresh3);
    const third = readRunOutputs(at('module-3'));
    expect(shardRunDone(at('module-3'))).toMatchObject({ cacheHits: 0, unitsReused: 0 });
    expect(third).toEqual(readRunOutputs(at('module-3-nocache')));
    expect(third['gate_report.csv']).not.toBe(after['gate_report.csv']);
    const identity3 = readManifest(at('module-3'))['codeIdentity'];
    expect(identity3.modules[0].files[0]).toEqual(identity2.modules[0].files[0]);
    expect(identity3.modules[0].files[1].sha256).not.toBe(identity2.modules[0].files[1].sha256);

    writeFileSync(at('factors', 'flip.mjs'), moduleSource(1));
    writeFileSync(at('factors', 'lib', 'sign.mjs'), signSource(1));
  });

  it('refuses --resume after a module or imported-file edit with exit 2 and the diff, in wf-gates and in a shard', async () => {
    const run = await gates('resume', 'cache-resume');
    expectVerdictRun(run);
    const manifestBefore = readFileSync(at('resume', 'manifest.json'), 'utf8');

    writeFileSync(at('factors', 'flip.mjs'), moduleSource(-1));
    const refused = await gates('resume', 'cache-resume', '--resume');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^wf-gates: code changed since the run started: user module factors\/flip\.mjs sha256 [0-9a-f]{8}\.\. -> [0-9a-f]{8}\.\.; resume refused \(start a new run\)\n$/,
    );
    expect(readFileSync(at('resume', 'manifest.json'), 'utf8')).toBe(manifestBefore);

    writeFileSync(at('factors', 'flip.mjs'), moduleSource(1));
    writeFileSync(at('factors', 'lib', 'sign.mjs'), signSource(-1));
    const shard = await runNodeScript({
      script: join(repoRoot, 'scripts/bundle/run-walk-forward.js'),
      args: ['--config', at('config.yaml'), '--out', at('resume', 'shards', '0'), '--cache-dir', at('cache-resume'), '--resume', '--log-level', 'warn'],
      cwd: repoRoot,
    });
    expect(shard.code).toBe(2);
    expect(shard.stderr).toMatch(
      /^wf-walk-forward: code changed since the run started: user module factors\/flip\.mjs imports lib\/sign\.mjs sha256 [0-9a-f]{8}\.\. -> [0-9a-f]{8}\.\.; resume refused \(start a new run\)\n$/,
    );

    // The original code again: the same resume is accepted.
    writeFileSync(at('factors', 'lib', 'sign.mjs'), signSource(1));
    const resumed = await gates('resume', 'cache-resume', '--resume');
    expectVerdictRun(resumed);
  });

  it('after a rebuild of the engine (an edited bundle) serves no cache entry of the old build and refuses --resume of its run', async () => {
    const run = await gates('engine-old', 'cache-engine', '--use-cache');
    expectVerdictRun(run);
    // A copy of the built CLIs with one byte more in the shard's bundle: other engine code.
    const copy = at('rebuilt');
    mkdirSync(join(copy, 'scripts', 'bundle'), { recursive: true });
    mkdirSync(join(copy, 'tools'));
    cpSync(join(repoRoot, 'tools', 'runWithCodeCache.cjs'), join(copy, 'tools', 'runWithCodeCache.cjs'));
    for (const name of readdirSync(join(repoRoot, 'scripts', 'bundle')).filter((n) => !n.endsWith('.v8cache') && !n.endsWith('.map'))) {
      cpSync(join(repoRoot, 'scripts', 'bundle', name), join(copy, 'scripts', 'bundle', name));
    }
    appendFileSync(join(copy, 'scripts', 'bundle', 'run-walk-forward.bundle.cjs'), '\n');
    const rebuilt = (out: string, ...flags: string[]) =>
      runNodeScript({
        script: join(copy, 'scripts', 'bundle', 'run-production-gates.js'),
        args: ['--config', at('config.yaml'), '--out', at(out), '--cache-dir', at('cache-engine'), '--log-level', 'warn', ...flags],
        cwd: repoRoot,
      });

    const fresh = await rebuilt('engine-new', '--use-cache');
    expectVerdictRun(fresh);
    const manifest = readManifest(at('engine-new'));
    expect(manifest['codeIdentity'].engine.sha256).not.toBe(readManifest(at('engine-old'))['codeIdentity'].engine.sha256);
    expect(manifest['data'].panelSource).toBe('csv');
    expect(shardRunDone(at('engine-new'))).toMatchObject({ cacheHits: 0, unitsReused: 0 });
    expect(readRunOutputs(at('engine-new'))).toEqual(readRunOutputs(at('engine-old')));

    const refused = await rebuilt('engine-old', '--resume', '--use-cache');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^wf-gates: code changed since the run started: engine code \(bundle\) sha256 [0-9a-f]{8}\.\. -> [0-9a-f]{8}\.\.; resume refused \(start a new run\)\n$/,
    );
  });

  it('sees an in-place edit of one close whose size and mtime were put back on the warm path, and gives a cold run\'s results', async () => {
    const prices = at('prices');
    await waitPastRacyMargin(prices);
    const cold = await gates('data-cold', 'cache-data', '--use-cache');
    expectVerdictRun(cold);
    const [indexName] = readdirSync(at('cache-data', 'panels')).filter((name) => name.startsWith('sources-'));
    const indexFile = at('cache-data', 'panels', indexName as string);
    const index = readFileSync(indexFile, 'utf8');
    const warm = await gates('data-warm', 'cache-data', '--use-cache');
    expectVerdictRun(warm);
    // The warm run trusted the stat index (no process hashed the CSVs, so none rewrote it).
    expect(readFileSync(indexFile, 'utf8')).toBe(index);
    expect(readRunOutputs(at('data-warm'))).toEqual(readRunOutputs(at('data-cold')));

    // One close in a test window, of the symbol with the largest dollar volume that day (so
    // it is in the universe), its first digit changed: same size, mtime put back.
    const DAY = '2016-03-01';
    const rowOn = (name: string): string | undefined => readFileSync(join(prices, name), 'utf8').split('\n').find((line) => line.startsWith(DAY));
    const dollarVolume = (line: string | undefined): number => {
      const f = (line ?? '').split(',');
      return Number(f[4] || 0) * Number(f[5] || 0);
    };
    const name = readdirSync(prices)
      .filter((n) => n.endsWith('.csv'))
      .reduce((best, n) => (dollarVolume(rowOn(n)) > dollarVolume(rowOn(best)) ? n : best));
    const file = join(prices, name);
    const { size, mtimeMs } = statSync(file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const row = lines.findIndex((line) => line.startsWith(DAY));
    const fields = (lines[row] as string).split(',');
    const close = fields[4] as string;
    fields[4] = `${close[0] === '9' ? '8' : '9'}${close.slice(1)}`;
    lines[row] = fields.join(',');
    writeFileSync(file, lines.join('\n'));
    utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([size, mtimeMs]);

    const edited = await gates('data-edited', 'cache-data', '--use-cache');
    const reference = await gates('data-edited-cold', 'cache-data-cold');
    expectVerdictRun(edited);
    expectVerdictRun(reference);
    expect(readManifest(at('data-edited'))['data'].fingerprint).not.toBe(readManifest(at('data-cold'))['data'].fingerprint);
    expect(readManifest(at('data-edited'))['data'].fingerprint).toBe(readManifest(at('data-edited-cold'))['data'].fingerprint);
    const outputs = readRunOutputs(at('data-edited'));
    expect(outputs).toEqual(readRunOutputs(at('data-edited-cold')));
    expect(outputs['oos_daily.csv']).not.toBe(readRunOutputs(at('data-cold'))['oos_daily.csv']);
  });
});
