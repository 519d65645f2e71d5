/**
 * DESIGN.md: dependencies point one way, engine <- optimizer <- walk-forward <- gates; bench
 * may use all; nothing imports a CLI; no deep imports across packages. This test reads every
 * package's manifest and source imports (src/ and its process tests under test/) and fails
 * on any edge the rule does not allow. Each pipeline stage lives in one package, in the
 * order of the data: engine (data, universe, factors, portfolio, metrics) -> optimizer
 * (selection, search) -> walk-forward (windows, the shard's loop and files) -> gates (plan,
 * launch, merge, rules, DSR, reports); `STAGES` names each stage's entry points and the one
 * package that exports them. Product packages hold the product: benchmarks and the old styles
 * they measure against live in @wf/bench, never in a product package's `src/bench/` (and no
 * product package imports it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const allowed: Record<string, readonly string[]> = {
  '@wf/engine': [],
  '@wf/optimizer': ['@wf/engine'],
  '@wf/walk-forward': ['@wf/engine', '@wf/optimizer'],
  '@wf/gates': ['@wf/engine', '@wf/optimizer', '@wf/walk-forward'],
  '@wf/bench': ['@wf/engine', '@wf/optimizer', '@wf/walk-forward', '@wf/gates'],
  // Shards and sweep chunks on a job queue: a launcher for gates, an executor for sweeps and the
  // worker that runs both (gates and the optimizer never load bullmq).
  '@wf/queue': ['@wf/engine', '@wf/optimizer', '@wf/walk-forward', '@wf/gates'],
  // wf-dashboard: reads run folders (gates' manifest and report files) and sweep results
  // (optimizer's records); nothing in the pipeline uses it.
  '@wf/dashboard': ['@wf/engine', '@wf/optimizer', '@wf/gates'],
};
const PRODUCT_PACKAGES = ['@wf/engine', '@wf/optimizer', '@wf/walk-forward', '@wf/gates', '@wf/queue', '@wf/dashboard'];

/** Entry points of each stage, by the only package whose index exports them. */
const STAGES: Record<string, readonly string[]> = {
  '@wf/engine': ['loadPanel', 'createMarketContext', 'createBuiltinRegistry', 'simulateSegment', 'computeSegmentMetrics', 'BacktestEngine'],
  '@wf/optimizer': ['protocolCandidates', 'selectOnSegment', 'runOptimization'],
  '@wf/walk-forward': ['planWindows', 'runWalkForward', 'ProtocolFileWriter', 'prepareOutputDir'],
  '@wf/gates': [
    'planGateRun',
    'planShards',
    'runShards',
    'LocalShardLauncher',
    'mergeShardOutputs',
    'computeOosSummary',
    'evaluateGates',
    'deflatedSharpeRatio',
    'computePbo',
    'computeGateReportFromDir',
    'formatGateReportCsv',
    'runProductionGates',
  ],
  '@wf/queue': ['BullmqShardLauncher', 'BullmqSweepExecutor', 'startShardWorker', 'runShardJob'],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const packages = readdirSync(join(root, 'packages')).map((folder) => {
  const dir = join(root, 'packages', folder);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
  return { dir, name: manifest.name, dependencies: Object.keys(manifest.dependencies ?? {}) };
});

describe('package boundaries', () => {
  it('knows every package under packages/', () => {
    for (const pkg of packages) expect(Object.keys(allowed), `${pkg.name} has no boundary rule`).toContain(pkg.name);
  });

  it('holds every product package (engine, optimizer, walk-forward, gates) apart from the benchmarks', () => {
    const products = packages.filter((p) => PRODUCT_PACKAGES.includes(p.name));
    expect(products.map((p) => p.name).sort()).toEqual([...PRODUCT_PACKAGES].sort());
    for (const pkg of products) {
      expect(allowed[pkg.name], `${pkg.name} may not depend on @wf/bench`).not.toContain('@wf/bench');
      expect(pkg.dependencies, `${pkg.name} package.json depends on @wf/bench`).not.toContain('@wf/bench');
      expect(existsSync(join(pkg.dir, 'src/bench')), `${pkg.name} has a src/bench/ folder: benchmarks belong in packages/bench`).toBe(false);
    }
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s depends only on packages before it', (_name, pkg) => {
    const rule = allowed[pkg.name] ?? [];
    for (const dep of pkg.dependencies.filter((d) => d.startsWith('@wf/'))) {
      expect(rule, `${pkg.name} package.json depends on ${dep}`).toContain(dep);
    }
    for (const file of [...sourceFiles(join(pkg.dir, 'src')), ...sourceFiles(join(pkg.dir, 'test'))]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(@wf\/[^']+)'/g)) {
        const specifier = match[1] as string;
        const where = `${file.slice(root.length + 1)} imports ${specifier}`;
        expect(specifier.split('/').length, `${where}: deep import`).toBe(2);
        expect(rule, where).toContain(specifier);
      }
    }
  });

  it('keeps the job queue (bullmq, ioredis) out of every package but @wf/queue', () => {
    for (const pkg of packages.filter((p) => p.name !== '@wf/queue')) {
      for (const dep of ['bullmq', 'ioredis']) expect(pkg.dependencies, `${pkg.name} package.json depends on ${dep}`).not.toContain(dep);
      for (const file of sourceFiles(join(pkg.dir, 'src'))) {
        expect(readFileSync(file, 'utf8'), `${file.slice(root.length + 1)} imports the queue`).not.toMatch(/from\s*'(bullmq|ioredis)'/);
      }
    }
  });

  it.each(Object.entries(STAGES))('%s alone exports its stage entry points', (owner, names) => {
    for (const pkg of packages) {
      const index = readFileSync(join(pkg.dir, 'src/index.ts'), 'utf8');
      const exported = new Set([...index.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => (m[1] as string).split(',').map((name) => name.trim())));
      for (const name of names) expect(exported.has(name), `${pkg.name} exports ${name}`).toBe(pkg.name === owner);
    }
  });
});
