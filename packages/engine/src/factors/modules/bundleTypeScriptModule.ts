import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A `.ts`, `.mts` or `.cts` user factor module (compiled by esbuild before it is imported). */
export const TYPESCRIPT_MODULE = /\.[cm]?ts$/i;

/** A user factor module compiled to one ES module. */
export type BundledTypeScriptModule = {
  /** The ES module's code (local imports bundled in, packages imported by absolute file URL), with an inline source map. */
  readonly code: Uint8Array;
  /** Absolute paths of every local file bundled in, the module first. */
  readonly files: readonly string[];
  /** Every package imported by name (node built-ins left out), as written (`lodash/fp`). */
  readonly packages: readonly string[];
  /** The esbuild version that compiled it (part of the module's code identity). */
  readonly compiler: string;
};

/**
 * Compiles a TypeScript user factor module with esbuild (the bundler tools/bundle-clis.mjs
 * uses; types are stripped, not checked): the module and the local files it imports become one
 * ES module, node built-ins stay imports, and each package import becomes an import of the
 * absolute file URL esbuild resolved from the module's folder, so the compiled file imports the
 * same package files wherever it is written. `outDir` is where the code will be written: the
 * inline source map names the sources relative to it. Throws esbuild's failure (with
 * `errors`) for code that does not compile or an import that cannot be resolved.
 */
export async function bundleTypeScriptModule(options: { readonly modulePath: string; readonly outDir: string }): Promise<BundledTypeScriptModule> {
  // require, not import(): the CLI bundles run as vm.Script code, which cannot import() on Node 20
  // (tools/bundle-clis.mjs keeps esbuild external; it is loaded only when a .ts module is used).
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const packages = new Set<string>();
  const result = await esbuild.build({
    entryPoints: [options.modulePath],
    absWorkingDir: path.dirname(options.modulePath),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    outdir: options.outDir,
    logLevel: 'silent',
    plugins: [
      {
        name: 'packages-by-url',
        setup(build) {
          build.onResolve({ filter: /.*/ }, async (args) => {
            if (args.kind === 'entry-point' || args.pluginData === 'resolving') return undefined;
            if (isBuiltin(args.path)) return { path: args.path, external: true };
            if (/^(?:\.{1,2}(?:\/|$)|\/|file:)/.test(args.path)) return undefined;
            const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            packages.add(args.path);
            return { path: pathToFileURL(resolved.path).href, external: true };
          });
        },
      },
    ],
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild wrote no output for ${options.modulePath}`);
  const dir = path.dirname(options.modulePath);
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(dir, input));
  const root = path.resolve(options.modulePath);
  return {
    code: output.contents,
    files: [root, ...inputs.filter((file) => file !== root)],
    packages: [...packages],
    compiler: esbuild.version,
  };
}
