#!/usr/bin/env node
/**
 * Bundles the nightly run's two CLIs (wf-gates and the wf-walk-forward shard it starts per
 * shard) from their compiled JavaScript into scripts/bundle/, one CommonJS file each
 * (`<cli>.bundle.cjs`), with esbuild, plus the entry `<cli>.js` that runs it through a V8
 * code cache (tools/runWithCodeCache.cjs: about 80 ms less per process start).
 *
 * Why: every shard is a new Node process, and the unbundled CLIs spend about 0.3-0.4 s
 * resolving and compiling several hundred ESM files (yargs, zod, yaml, pino, the @wf
 * packages) before doing any work; one file each roughly halves that. The bundles are the
 * same compiled code (no minification, no transformation beyond module concatenation).
 *
 * The engine's CSV-parse worker is bundled beside them: the engine starts it with
 * `new URL('./parseCsvWorker.js', import.meta.url)`, which resolves next to the bundle.
 * Run after `tsc -b` (the scripts package's build and the vitest global setup do).
 *
 * Three source rewrites: (1) @wf/gates' DSR loads @stdlib's normal distribution (a tree of about a
 * hundred small CommonJS files, ~60 ms to resolve and load) on first use through
 * `createRequire`, which a bundler cannot follow; in the bundle those calls become plain
 * `require` calls, which esbuild bundles and still evaluates on first use. (2) The import()
 * of user factor modules goes through `__wfDynamicImport`: code compiled by vm.Script (the
 * code cache) cannot import() on Node 20, so tools/runWithCodeCache.cjs lends its own. (3) The
 * uPlot files gate_report.html inlines become string literals (see REWRITES).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The CLIs bundled, by output name. */
const CLIS = {
  'run-production-gates': join(root, 'scripts/dist/run-production-gates.js'),
  'run-walk-forward': join(root, 'scripts/dist/run-walk-forward.js'),
  // The queue worker runs shards on other machines: bundled beside wf-gates so that both
  // compute the same code identity (every bundle of this folder is part of it).
  'run-worker': join(root, 'scripts/dist/run-worker.js'),
  // wf-optimize: bundled so that with --launcher bullmq it computes the workers' code identity.
  'run-optimization': join(root, 'scripts/dist/run-optimization.js'),
};
const CSV_WORKER = join(root, 'packages/engine/dist/data/parseCsvWorker.js');
/** The walk-forward runner's pool worker (`--workers`): a CommonJS bundle like the CLIs, so the code identity hashes it with them. */
const POOL_WORKER = join(root, 'packages/walk-forward/dist/run/pool/walkForwardWorker.js');
/** The optimizer's candidate worker thread (wf-optimize --workers, and wf-worker's sweep chunks): bundled like the pool worker. */
const CANDIDATE_WORKER = join(root, 'packages/optimizer/dist/executor/candidateWorker.js');
/** The sweep's artifact writer thread (wf-optimize --artifacts all): bundled like the candidate worker. */
const ARTIFACT_WORKER = join(root, 'packages/optimizer/dist/store/artifactWriterWorker.js');
for (const [name, file] of [...Object.entries(CLIS), ['parseCsvWorker', CSV_WORKER], ['walk-forward-worker', POOL_WORKER], ['candidate-worker', CANDIDATE_WORKER], ['artifact-writer', ARTIFACT_WORKER]]) {
  if (!existsSync(file)) {
    process.stderr.write(`bundle-clis: ${file} (entry ${name}) is missing: run \`tsc -b\` first\n`);
    process.exit(2);
  }
}

/**
 * The source rewrites (see above). Each fails the build when its pattern is gone, so a
 * refactor cannot silently lose it.
 */
const REWRITES = [
  {
    file: /[\\/]gates[\\/]dist[\\/]dsr[\\/]deflatedSharpeRatio\.js$/,
    from: /\brequireCjs\('(@stdlib\/[a-z-]+)'\)/g,
    to: "require('$1')",
  },
  {
    file: /[\\/]engine[\\/]dist[\\/]factors[\\/]loadFactorModule\.js$/,
    from: /\bimport\(url\.href\)/g,
    to: '__wfDynamicImport(url.href)',
  },
  {
    // (3) gate_report.html inlines uPlot's browser build and stylesheet: the bundle carries
    // their text, so a bundle copied away from node_modules still writes the page.
    file: /[\\/]gates[\\/]dist[\\/]report[\\/]html[\\/]loadChartAssets\.js$/,
    from: /\breadFileSync\(require\.resolve\('(uplot\/dist\/[A-Za-z.]+)'\), 'utf8'\)/g,
    to: (_match, asset) => JSON.stringify(readFileSync(createRequire(import.meta.url).resolve(asset), 'utf8')),
  },
];
const sourceRewrites = {
  name: 'source-rewrites',
  setup(pluginBuild) {
    for (const rewrite of REWRITES) {
      pluginBuild.onLoad({ filter: rewrite.file }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const rewritten = source.replaceAll(rewrite.from, rewrite.to);
        if (rewritten === source) {
          return { errors: [{ text: `${args.path}: nothing matches ${rewrite.from}; update tools/bundle-clis.mjs` }] };
        }
        return { contents: rewritten, loader: 'js' };
      });
    }
  },
};

const outdir = join(root, 'scripts/bundle');
// esbuild stays a package: the engine compiles TypeScript factor modules with it at run time
// (its JavaScript API starts its native binary, which a bundle cannot carry).
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', plugins: [sourceRewrites], external: ['esbuild'] };
const clis = Object.entries(CLIS);

// The CLIs: CommonJS bundles run by tools/runWithCodeCache.cjs (a V8 code cache per bundle).
// import.meta.url (the engine's worker URL, describeCodeVersion, repoRoot) becomes the bundle's own URL.
await build({
  ...common,
  entryPoints: { ...Object.fromEntries(clis.map(([name, file]) => [`${name}.bundle`, file])), 'walk-forward-worker.bundle': POOL_WORKER, 'candidate-worker.bundle': CANDIDATE_WORKER, 'artifact-writer.bundle': ARTIFACT_WORKER },
  outdir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__wfImportMetaUrl' },
  banner: {
    js: [
      "var __wfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      // vm.Script code cannot import() on Node 20 without flags: runWithCodeCache lends its own.
      'var __wfDynamicImport = globalThis.__wfDynamicImport ?? ((specifier) => import(specifier));',
    ].join('\n'),
  },
});
// The CSV-parse worker stays an ES module (a worker file of its own).
await build({
  ...common,
  entryPoints: { parseCsvWorker: CSV_WORKER },
  outdir,
  format: 'esm',
  // CommonJS dependencies inside an ESM bundle call require() for Node built-ins.
  banner: { js: "import { createRequire as __wfCreateRequire } from 'node:module'; const require = __wfCreateRequire(import.meta.url);" },
});
// ASCII-only bundles: esbuild escapes non-ASCII text in strings and identifiers but keeps it in
// comments (a few dozen characters from dependencies' docs), and one such character makes the
// whole 5 MB source a two-byte string for V8, slower to decode and hash at every start
// (tools/runWithCodeCache.cjs). A \u escape means the same anywhere esbuild left one.
for (const file of readdirSync(outdir)) {
  if (!file.endsWith('.cjs') && file !== 'parseCsvWorker.js') continue;
  const text = readFileSync(join(outdir, file), 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(join(outdir, file), ascii);
}
// Code caches of an earlier build of a bundle can never match again: drop them, keep the current ones.
const { sourceKey } = createRequire(import.meta.url)('./runWithCodeCache.cjs');
const current = clis.map(([name]) => `${name}.bundle.cjs.${sourceKey(readFileSync(join(outdir, `${name}.bundle.cjs`), 'utf8'))}-`);
for (const file of readdirSync(outdir)) {
  if (file.endsWith('.v8cache') && !current.some((prefix) => file.startsWith(prefix))) rmSync(join(outdir, file), { force: true });
}
// The entry points users and wf-gates run: scripts/bundle/<cli>.js.
for (const [name] of clis) {
  const stub = [
    '#!/usr/bin/env node',
    `// Generated by tools/bundle-clis.mjs: runs ${name}.bundle.cjs through a V8 code cache (tools/runWithCodeCache.cjs).`,
    "import { createRequire } from 'node:module';",
    "import { fileURLToPath } from 'node:url';",
    'const require = createRequire(import.meta.url);',
    `require('../../tools/runWithCodeCache.cjs').runWithCodeCache(fileURLToPath(new URL('./${name}.bundle.cjs', import.meta.url)));`,
    '',
  ].join('\n');
  writeFileSync(join(outdir, `${name}.js`), stub, { mode: 0o755 });
}
