#!/usr/bin/env node
/**
 * Bundles the nightly run's two CLIs (wf-gates and the wf-walk-forward shard it starts per
 * shard) from their compiled JavaScript into scripts/bundle/, one ESM file each, with esbuild.
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
 * One source rewrite: the engine loads @stdlib's normal distribution (a tree of about a
 * hundred small CommonJS files, ~60 ms to resolve and load) on first use through
 * `createRequire`, which a bundler cannot follow. In the bundle those calls become plain
 * `require` calls, which esbuild bundles and still evaluates on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entryPoints = {
  'run-production-gates': join(root, 'scripts/dist/run-production-gates.js'),
  'run-walk-forward': join(root, 'scripts/dist/run-walk-forward.js'),
  parseCsvWorker: join(root, 'packages/engine/dist/data/parseCsvWorker.js'),
};
for (const [name, file] of Object.entries(entryPoints)) {
  if (!existsSync(file)) {
    process.stderr.write(`bundle-clis: ${file} (entry ${name}) is missing: run \`tsc -b\` first\n`);
    process.exit(2);
  }
}

/** Bundles the engine's lazily required CommonJS modules (see above); fails if the pattern is gone. */
const bundleLazyRequires = {
  name: 'bundle-lazy-requires',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]engine[\\/]dist[\\/]gates[\\/]deflatedSharpeRatio\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const rewritten = source.replaceAll(/\brequireCjs\('(@stdlib\/[a-z-]+)'\)/g, "require('$1')");
      if (rewritten === source) {
        return { errors: [{ text: `${args.path}: no requireCjs('@stdlib/...') call left to bundle; update tools/bundle-clis.mjs` }] };
      }
      return { contents: rewritten, loader: 'js' };
    });
  },
};

await build({
  entryPoints,
  outdir: join(root, 'scripts/bundle'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies inside an ESM bundle call require() for Node built-ins.
  banner: { js: "import { createRequire as __wfCreateRequire } from 'node:module'; const require = __wfCreateRequire(import.meta.url);" },
  // Keep the shebang-free output readable in stack traces.
  sourcemap: 'linked',
  plugins: [bundleLazyRequires],
  logLevel: 'warning',
});
