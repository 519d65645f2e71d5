/**
 * Cache housekeeping as users meet it, on a generated market: `wf-cache stats|verify|prune`
 * (compiled CLI) over a cache folder filled by real wf-gates runs, LRU order with hits
 * marking entries used, runs after entries were deleted or pruned (byte-identical outputs),
 * `wf-gates --cache-max-gb` pruning at the end of a run, prunes during a run, bad flags.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import { logRecord, readRunOutputs, repoRoot, runGates } from './gatesHarness.js';

const cacheCli = join(repoRoot, 'scripts/dist/run-cache.js');
const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
gates: { min_universe_mean: 20 }
factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
`;
/** The same market, universe and reversal candidates: its run hits a subset of the entries of CONFIG's. */
const REVERSAL_ONLY = CONFIG.replace(/  - \{ id: momentum.*\n/, '');
const OLD_MS = Date.UTC(2026, 0, 1);

type Kind = 'panel' | 'panel-index' | 'universe' | 'signal' | 'window';
/** The cache's files by kind, read from the folder layout directly (not through scanCache). */
function filesOf(cacheDir: string): { path: string; kind: Kind | 'other'; bytes: number; mtimeMs: number }[] {
  return readdirSync(cacheDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const path = join(d.parentPath, d.name);
      const rel = relative(cacheDir, path);
      const kind: Kind | 'other' = /^panels\/[0-9a-f]{64}-[0-9a-f]{16}\.bin$/.test(rel)
        ? 'panel'
        : /^panels\/sources-[0-9a-f]{64}\.json$/.test(rel)
          ? 'panel-index'
          : /^universe\/[0-9a-f]{64}\.bin$/.test(rel)
            ? 'universe'
            : /^signals\/[0-9a-f]{2}\/[0-9a-f]{64}\.bin$/.test(rel)
              ? 'signal'
              : /^windows\/[0-9a-f]{2}\/[0-9a-f]{64}\.bin$/.test(rel)
                ? 'window'
                : 'other';
      const stats = statSync(path);
      return { path, kind, bytes: stats.size, mtimeMs: stats.mtimeMs };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}
const evictable = (kind: string): boolean => kind === 'panel' || kind === 'universe' || kind === 'signal' || kind === 'window';

describe('cache housekeeping: wf-cache and wf-gates --cache-max-gb', () => {
  let tmp: string;
  let config: string;
  let reference: Record<string, string>;
  const at = (name: string): string => join(tmp, name);
  const gates = (name: string, cacheDir: string, ...flags: string[]) =>
    runGates(['--config', config, '--out', at(name), '--use-cache', '--cache-dir', cacheDir, '--log-level', 'warn', '--cache-max-gb', '0', ...flags]);
  const wfCache = (...args: string[]) => runNodeScript({ script: cacheCli, args, cwd: repoRoot });
  /** A copy of the warm cache the reference run filled, for one test to change. */
  const cacheCopy = (name: string): string => {
    cpSync(at('cache'), at(name), { recursive: true, preserveTimestamps: true });
    return at(name);
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-cache-housekeeping-'));
    writeSampleMarket({ dir: at('prices'), market: generateSampleMarket({ symbols: 60, days: 500, seed: 7 }) });
    config = at('config.yaml');
    writeFileSync(config, CONFIG);
    const run = await gates('reference', at('cache'));
    expect(run.code, run.stderr).toBe(1);
    reference = readRunOutputs(at('reference'));
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('stats counts the files and bytes of every kind as they are on disk, as a table or JSON', async () => {
    const files = filesOf(at('cache'));
    const json = await wfCache('stats', '--cache-dir', at('cache'), '--json');
    expect(json.code, json.stderr).toBe(0);
    const stats = JSON.parse(json.stdout) as { dir: string; kinds: Record<string, { files: number; bytes: number; oldestUse: string | null }>; total: { files: number; bytes: number } };
    expect(stats.dir).toBe(at('cache'));
    for (const kind of ['panel', 'panel-index', 'universe', 'signal', 'window', 'other'] as const) {
      const ofKind = files.filter((f) => f.kind === kind);
      expect([stats.kinds[kind]?.files, stats.kinds[kind]?.bytes], kind).toEqual([ofKind.length, ofKind.reduce((s, f) => s + f.bytes, 0)]);
    }
    expect(stats.kinds['panel']?.files).toBe(1);
    expect(stats.kinds['universe']?.files).toBe(1);
    expect(stats.kinds['signal']?.files).toBeGreaterThan(5);
    expect(stats.kinds['window']?.files).toBeGreaterThan(5);
    expect(stats.kinds['temp']).toEqual({ files: 0, bytes: 0, oldestUse: null, newestUse: null });
    expect(stats.total).toMatchObject({ files: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0) });
    const table = await wfCache('stats', '--cache-dir', at('cache'));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^signal +${stats.kinds['signal']?.files} +[\\d.]+ +20\\d\\d-`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^total +${files.length} `, 'm'));
  });

  it('verify passes an intact cache, names a flipped byte in a signal entry and a truncated panel (exit 1), and removes them on request', async () => {
    const cacheDir = cacheCopy('cache-verify');
    const intact = await wfCache('verify', '--cache-dir', cacheDir);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/: 0 corrupt\n$/);
    const files = filesOf(cacheDir);
    const signal = files.find((f) => f.kind === 'signal')!;
    const panel = files.find((f) => f.kind === 'panel')!;
    const bytes = readFileSync(signal.path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x10;
    writeFileSync(signal.path, bytes);
    truncateSync(panel.path, panel.bytes - 8);
    const found = await wfCache('verify', '--cache-dir', cacheDir);
    expect(found.code).toBe(1);
    expect(found.stderr).toBe('');
    expect(found.stdout.split('\n').filter((l) => l.startsWith('corrupt ')).sort()).toEqual(
      [`corrupt panel ${panel.path}: file has ${panel.bytes - 8} bytes, expected ${panel.bytes} (truncated?)`, `corrupt signal ${signal.path}: checksum mismatch`].sort(),
    );
    expect(found.stdout).toMatch(/: 2 corrupt\n$/);
    const removed = await wfCache('verify', '--cache-dir', cacheDir, '--delete-corrupt', '--json');
    expect(removed.code).toBe(1);
    const result = JSON.parse(removed.stdout) as { corrupt: { path: string; deleted: boolean }[] };
    expect(result.corrupt.map((c) => [c.path, c.deleted]).sort()).toEqual([[panel.path, true], [signal.path, true]].sort());
    expect(filesOf(cacheDir).map((f) => f.path)).toEqual(files.map((f) => f.path).filter((p) => p !== panel.path && p !== signal.path));
    expect((await wfCache('verify', '--cache-dir', cacheDir)).code).toBe(0);
  });

  it('prune removes the least recently used entries first: entries hit by a later run stay, the others go oldest first', async () => {
    const cacheDir = cacheCopy('cache-lru');
    // Every file made old, each at its own time (1 s apart in path order), so the order is known.
    const initial = filesOf(cacheDir);
    initial.forEach((f, k) => utimesSync(f.path, (OLD_MS + k * 1000) / 1000, (OLD_MS + k * 1000) / 1000));
    // A run of the reversal factor alone hits the panel and reversal's window entries (every unit is
    // replayed, so no universe or signal is needed): they become recent.
    writeFileSync(at('reversal.yaml'), REVERSAL_ONLY);
    const hit = await runGates(['--config', at('reversal.yaml'), '--out', at('reversal-run'), '--use-cache', '--cache-dir', cacheDir, '--cache-max-gb', '0', '--log-level', 'warn']);
    expect(hit.stderr).toBe('');
    const afterHit = filesOf(cacheDir);
    expect(afterHit.map((f) => f.path)).toEqual(initial.map((f) => f.path)); // all hits, nothing written
    const used = afterHit.filter((f) => evictable(f.kind) && f.mtimeMs > OLD_MS + 1e6);
    const unused = afterHit.filter((f) => evictable(f.kind) && f.mtimeMs < OLD_MS + 1e6).sort((a, b) => a.mtimeMs - b.mtimeMs);
    expect(used.map((f) => f.kind)).toEqual(expect.arrayContaining(['panel', 'window']));
    expect(unused.length).toBeGreaterThan(2);
    // A limit that the used entries and the stat index fit exactly: every unused entry must go, oldest first.
    const limitBytes = afterHit.reduce((s, f) => s + f.bytes, 0) - unused.reduce((s, f) => s + f.bytes, 0);
    const maxGb = String(limitBytes / 1e9);
    const dry = await wfCache('prune', '--cache-dir', cacheDir, '--max-gb', maxGb, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(filesOf(cacheDir)).toEqual(afterHit);
    const pruned = await wfCache('prune', '--cache-dir', cacheDir, '--max-gb', maxGb, '--json');
    expect(pruned.code, pruned.stderr).toBe(0);
    const result = JSON.parse(pruned.stdout) as { removed: { path: string }[]; bytesAfter: number; overLimit: boolean };
    expect(result.removed.map((f) => f.path)).toEqual(unused.map((f) => f.path));
    expect(JSON.parse(dry.stdout)).toEqual({ ...result, dryRun: true });
    expect(result.bytesAfter).toBe(limitBytes);
    expect(result.overLimit).toBe(false);
    expect(filesOf(cacheDir).map((f) => f.path)).toEqual(afterHit.filter((f) => !unused.includes(f)).map((f) => f.path));

    // The human summary of a prune with nothing left to do.
    const again = await wfCache('prune', '--cache-dir', cacheDir, '--max-gb', maxGb);
    expect(again.stdout).toMatch(/^removed 0 files \(0\.0 MB: 0 entries, 0 stale temp files\) from /);

    // The full run after the prune recomputes what went and writes the reference's bytes.
    const after = await gates('after-prune', cacheDir);
    expect(after.code, after.stderr).toBe(1);
    expect(readRunOutputs(at('after-prune'))).toEqual(reference);
  }, 120_000);

  it('a run after deleting the panel, the universe, half the signal entries and every window entry writes the same bytes (each missing entry is a miss)', async () => {
    const cacheDir = cacheCopy('cache-deleted');
    const files = filesOf(cacheDir);
    const signals = files.filter((f) => f.kind === 'signal');
    const doomed = [...files.filter((f) => f.kind === 'panel' || f.kind === 'universe' || f.kind === 'window'), ...signals.filter((_, k) => k % 2 === 0)];
    for (const f of doomed) rmSync(f.path);
    const result = await runGates(['--config', config, '--out', at('after-delete'), '--use-cache', '--cache-dir', cacheDir, '--cache-max-gb', '0', '--log-level', 'info']);
    expect(result.code).toBe(1);
    const planned = result.stderr.split('\n').map(logRecord).find((r) => r?.['msg'] === 'run planned');
    expect(planned?.['panelSource']).toBe('csv');
    expect(readRunOutputs(at('after-delete'))).toEqual(reference);
    // The panel and universe were rebuilt and rewritten, and so were the signal entries the run needed
    // (an entry below a per-window entry that still hits is not needed, so not recomputed).
    const now = new Set(filesOf(cacheDir).map((f) => f.path));
    for (const f of doomed.filter((d) => d.kind !== 'signal')) expect(now.has(f.path), f.path).toBe(true);
    expect(doomed.filter((d) => d.kind === 'window').length).toBeGreaterThan(0);
    expect(doomed.filter((d) => d.kind === 'signal' && now.has(d.path)).length).toBeGreaterThan(0);
  }, 60_000);

  it('wf-gates --cache-max-gb prunes at the end of the run to under the limit and logs what it removed', async () => {
    const cacheDir = cacheCopy('cache-tiny');
    const before = filesOf(cacheDir);
    const indexBytes = before.filter((f) => !evictable(f.kind)).reduce((s, f) => s + f.bytes, 0);
    const limitBytes = indexBytes + 1000;
    const result = await runGates(['--config', config, '--out', at('tiny'), '--use-cache', '--cache-dir', cacheDir, '--cache-max-gb', String(limitBytes / 1e9), '--log-level', 'info']);
    expect(result.code).toBe(1);
    expect(readRunOutputs(at('tiny'))).toEqual(reference);
    const pruned = result.stderr.split('\n').map(logRecord).find((r) => r?.['msg'] === 'cache pruned');
    const after = filesOf(cacheDir);
    const afterBytes = after.reduce((s, f) => s + f.bytes, 0);
    expect(afterBytes).toBeLessThanOrEqual(limitBytes);
    expect(after.filter((f) => evictable(f.kind))).toEqual([]);
    expect(pruned).toMatchObject({ cacheDir, maxBytes: limitBytes, removedFiles: before.length - after.length, bytesAfter: afterBytes, overLimit: false });
    expect(pruned?.['removedBytes']).toBe(before.reduce((s, f) => s + f.bytes, 0) - afterBytes);
  }, 60_000);

  it('a run stays correct while prunes empty the cache folder under it, and concurrent prunes do not fail', async () => {
    const cacheDir = cacheCopy('cache-race');
    let running = true;
    const prunes: Promise<Awaited<ReturnType<typeof wfCache>>>[] = [];
    const run = gates('race', cacheDir).finally(() => {
      running = false;
    });
    const loop = async (): Promise<void> => {
      while (running) {
        const pair = [wfCache('prune', '--cache-dir', cacheDir, '--max-gb', '0.000001'), wfCache('prune', '--cache-dir', cacheDir, '--max-gb', '0.000001')];
        prunes.push(...pair);
        await Promise.all(pair);
      }
    };
    const [result] = await Promise.all([run, loop()]);
    expect(result.code, result.stderr).toBe(1);
    expect(readRunOutputs(at('race'))).toEqual(reference);
    const outcomes = await Promise.all(prunes);
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
    for (const outcome of outcomes) expect([outcome.code, outcome.stderr]).toEqual([0, '']);
    expect(outcomes.some((o) => /^removed [1-9]\d* files/m.test(o.stdout))).toBe(true);
    expect((await wfCache('verify', '--cache-dir', cacheDir)).code).toBe(0);
  }, 60_000);

  it('refuses bad flags with one line and exit 2', async () => {
    const cases: [() => ReturnType<typeof wfCache>, RegExp][] = [
      [() => wfCache(), /^wf-cache: name one command: stats, verify or prune/],
      [() => wfCache('compact'), /^wf-cache: Unknown argument: compact/],
      [() => wfCache('prune', '--max-gb', 'lots', '--cache-dir', at('cache')), /^wf-cache: --max-gb expects a number, got "lots"/],
      [() => wfCache('stats', '--dry-run', '--cache-dir', at('cache')), /^wf-cache: unknown flag --dry-run \(see --help\)$/],
      [() => wfCache('verify', '--cache-dir', at('missing')), /^wf-cache: cache folder ".*missing": does not exist\n$/],
      [() => gates('bad-limit', at('cache'), '--cache-max-gb', '-1'), /^wf-gates: --cache-max-gb -1 is invalid: expected a size in GB >= 0\n$/],
    ];
    for (const [run, message] of cases) {
      const result = await run();
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
