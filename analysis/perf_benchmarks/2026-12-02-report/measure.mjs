#!/usr/bin/env node
/**
 * Before/after wall and CPU time of the S&P nightly `wf-gates` with and without the HTML report
 * (issue 16: report generation must add under 10%). Alternates the two builds run by run (the
 * order flips every pair), each build with its own cache and runs folder, so both see the same
 * machine load. Usage (from the repo root, both builds bundled):
 *   node analysis/perf_benchmarks/2026-12-02-report/measure.mjs --before ../wt-report-before --after . \
 *     --scenario warm|cold|nocache --pairs N --scratch /tmp/wf-report-bench
 * warm: --use-cache on a warm cache, nothing new (the shards run in process);
 * cold: --use-cache from an empty cache every run (CSV parse, shard processes, report from the signal cache);
 * nocache: without --use-cache (shard processes; the report computes its q1..qQ signals).
 * Prints one JSON line per run and a summary; the run folders' reportsMs are read from manifest.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const builds = { before: resolve(args.before), after: resolve(args.after) };
const scenario = args.scenario ?? 'warm';
const pairs = Number(args.pairs ?? 5);
const scratch = resolve(args.scratch ?? '/tmp/wf-report-bench');
const prices = resolve(args.prices ?? '../shared/data/sp500-5yr/prices');

function run(build, n) {
  const root = builds[build];
  const base = join(scratch, scenario, build);
  const cacheDir = join(base, scenario === 'cold' ? `cache-${n}` : 'cache');
  const out = join(base, 'runs', `r${n}`);
  mkdirSync(join(base, 'runs'), { recursive: true });
  const flags = ['--config', join(root, 'manifests/sp500.yaml'), '--prices', prices, '--wf-shards', '2', '--cache-dir', cacheDir, '--out', out, '--log-level', 'warn'];
  if (scenario !== 'nocache') flags.push('--use-cache');
  const timeFile = join(base, 'time.txt');
  try {
    execFileSync('/usr/bin/time', ['-f', '%e %U %S', '-o', timeFile, 'node', join(root, 'scripts/bundle/run-production-gates.js'), ...flags], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    if (error.status !== 1) throw error; // 1: a gate failed (expected on the S&P)
  }
  const [wallS, userS, sysS] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const timings = manifest.invocations.at(-1).timings;
  if (scenario === 'cold') rmSync(cacheDir, { recursive: true, force: true });
  return { build, scenario, run: n, wallS, cpuS: Number((userS + sysS).toFixed(2)), reportsMs: timings.reportsMs, shardsRan: manifest.invocations.at(-1).shardsRan };
}

// One unmeasured run per build: warms the cache (warm) and the code caches of the bundles.
for (const build of ['before', 'after']) run(build, 0);
const results = [];
for (let p = 1; p <= pairs; p++) {
  for (const build of p % 2 === 1 ? ['before', 'after'] : ['after', 'before']) {
    const r = run(build, p);
    results.push(r);
    console.log(JSON.stringify(r));
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const summary = {};
for (const build of ['before', 'after']) {
  const mine = results.filter((r) => r.build === build);
  summary[build] = { wallS: median(mine.map((r) => r.wallS)), cpuS: median(mine.map((r) => r.cpuS)), reportsMs: median(mine.map((r) => r.reportsMs)) };
}
const ratio = results.filter((r) => r.build === 'after').map((a) => a.wallS / results.find((b) => b.build === 'before' && b.run === a.run).wallS);
summary.pairedWallRatioMedian = Number(median(ratio).toFixed(3));
console.log(JSON.stringify({ scenario, pairs, summary }));
