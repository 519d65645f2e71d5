import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, parse } from 'es-module-lexer';
import { canonicalJson } from '../cache/canonicalJson.js';
import type { ModuleFileIdentity, ModulePackageIdentity, UserModuleIdentity } from './CodeIdentity.js';
import { CodeIdentityError } from '../errors.js';
import { compareCodePoints } from '../util/compareCodePoints.js';
import { bundleTypeScriptModule, TYPESCRIPT_MODULE } from '../factors/modules/bundleTypeScriptModule.js';
import { compiledModulesDir } from '../factors/modules/compileTypeScriptModule.js';

export type IdentifyUserModuleOptions = {
  /** Absolute path of the module file. */
  readonly modulePath: string;
  /** The config's folder: the module is named relative to it. */
  readonly baseDir: string;
};

/** Files whose imports are followed (others, e.g. JSON, are hashed only). */
const SCRIPT = /\.(?:[cm]?js)$/;
/** `require('x')` with a string literal (CommonJS files, or createRequire in an ES module). */
const REQUIRE_CALL = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
/** What CommonJS resolution tries after a specifier without its file. */
const CJS_SUFFIXES = ['', '.js', '.cjs', '.mjs', '.json', '/index.js', '/index.cjs', '/index.json'];

/**
 * The identity of one user factor module (PROTOCOL section 3, user factors): the sha256 of
 * the module file and of every local file it imports, followed statically and recursively
 * (static `import`/`export ... from`, `import('literal')` and `require('literal')`), and the
 * installed version of every package it imports by name (a TypeScript module: the files and
 * packages esbuild bundles, and esbuild's version). Node built-ins are the runtime's
 * (part of the engine identity). Refused with CodeIdentityError: an unreadable or unlexable
 * file, `import()` of a computed specifier, a `#` subpath import. Files the code reads at
 * run time by other means (fs, fetch) are not seen.
 */
export async function identifyUserModule(options: IdentifyUserModuleOptions): Promise<UserModuleIdentity> {
  if (TYPESCRIPT_MODULE.test(options.modulePath)) return identifyTypeScriptModule(options);
  await init;
  const modulePath = path.resolve(options.modulePath);
  const moduleDir = path.dirname(modulePath);
  const files = new Map<string, ModuleFileIdentity>();
  const packages = new Map<string, string | null>();
  const pending = [modulePath];
  const fail = (file: string, reason: string, cause?: unknown): never => {
    throw new CodeIdentityError({ modulePath, file: path.relative(moduleDir, file) || path.basename(file), reason, cause });
  };
  while (pending.length > 0) {
    const file = pending.pop() as string;
    const name = relativeName(moduleDir, file);
    if (files.has(name)) continue;
    if (!isFile(file)) {
      if (file === modulePath) fail(file, 'it is not a readable file');
      files.set(name, { path: name, sha256: null });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      return fail(file, 'it cannot be read', error);
    }
    files.set(name, { path: name, sha256: createHash('sha256').update(bytes).digest('hex') });
    if (!SCRIPT.test(file)) continue;
    for (const specifier of importSpecifiers(bytes.toString('utf8'), (reason, cause) => fail(file, reason, cause))) {
      if (isBuiltin(specifier)) continue;
      if (specifier.startsWith('#')) fail(file, `the subpath import "${specifier}" cannot be followed; import the file by a relative path`);
      const local = localTarget(file, specifier);
      if (local !== null) pending.push(local);
      else packages.set(packageName(specifier), installedVersion(path.dirname(file), packageName(specifier)));
    }
  }
  return moduleIdentity({ baseDir: options.baseDir, modulePath, files, packages });
}

/**
 * The identity of a TypeScript module: exactly the local files esbuild bundles into the code
 * that runs (bundleTypeScriptModule's inputs), the packages it imports by name with their
 * installed versions, and esbuild's version (the compiler is part of the code).
 */
async function identifyTypeScriptModule(options: IdentifyUserModuleOptions): Promise<UserModuleIdentity> {
  const modulePath = path.resolve(options.modulePath);
  const moduleDir = path.dirname(modulePath);
  let bundled: Awaited<ReturnType<typeof bundleTypeScriptModule>>;
  try {
    bundled = await bundleTypeScriptModule({ modulePath, outDir: compiledModulesDir() });
  } catch (error) {
    throw new CodeIdentityError({ modulePath, file: path.basename(modulePath), reason: 'it does not compile (esbuild)', cause: error });
  }
  const files = new Map<string, ModuleFileIdentity>();
  for (const file of bundled.files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new CodeIdentityError({ modulePath, file: relativeName(moduleDir, file), reason: 'it cannot be read', cause: error });
    }
    files.set(relativeName(moduleDir, file), { path: relativeName(moduleDir, file), sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const packages = new Map<string, string | null>([['esbuild (compiler)', bundled.compiler]]);
  for (const specifier of bundled.packages) packages.set(packageName(specifier), installedVersion(moduleDir, packageName(specifier)));
  return moduleIdentity({ baseDir: options.baseDir, modulePath, files, packages });
}

/** The identity record of a module from its files (by name relative to its folder) and packages. */
function moduleIdentity(options: {
  baseDir: string;
  modulePath: string;
  files: ReadonlyMap<string, ModuleFileIdentity>;
  packages: ReadonlyMap<string, string | null>;
}): UserModuleIdentity {
  const { modulePath, files, packages } = options;
  const moduleDir = path.dirname(modulePath);
  const rootName = relativeName(moduleDir, modulePath);
  const sortedFiles = [
    files.get(rootName) as ModuleFileIdentity,
    ...[...files.values()].filter((f) => f.path !== rootName).sort((a, b) => compareCodePoints(a.path, b.path)),
  ];
  const sortedPackages: ModulePackageIdentity[] = [...packages.entries()]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([name, version]) => ({ name, version }));
  return {
    module: path.relative(path.resolve(options.baseDir), modulePath).split(path.sep).join('/'),
    files: sortedFiles,
    packages: sortedPackages,
    sha256: createHash('sha256').update(canonicalJson({ files: sortedFiles, packages: sortedPackages }), 'utf8').digest('hex'),
  };
}

/** The specifiers a script imports or requires (static, dynamic with a literal, require with a literal). */
function importSpecifiers(source: string, fail: (reason: string, cause?: unknown) => never): string[] {
  let imports: ReturnType<typeof parse>[0];
  try {
    [imports] = parse(source.replace(/^#!.*/, ''));
  } catch (error) {
    return fail(`it cannot be lexed as JavaScript (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const out: string[] = [];
  for (const entry of imports) {
    if (entry.d === -2) continue; // import.meta
    if (entry.n === undefined) {
      const line = source.slice(0, entry.ss).split('\n').length;
      fail(`line ${line}: import() of a computed specifier cannot be followed; import a string literal`);
    }
    out.push(entry.n as string);
  }
  for (const match of source.matchAll(REQUIRE_CALL)) out.push(match[2] as string);
  return out;
}

/** The local file a specifier names (relative, absolute or file: URL), or null for a package. */
function localTarget(from: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith('file:')) target = fileURLToPath(specifier);
  else if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || path.isAbsolute(specifier)) {
    target = fileURLToPath(new URL(specifier.split(/[?#]/)[0] as string, pathToFileURL(from)));
  } else {
    return null;
  }
  // ES modules name the file exactly; require() also tries suffixes: the first that exists.
  return CJS_SUFFIXES.map((suffix) => target + suffix).find(isFile) ?? target;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** The version in `node_modules/<name>/package.json` in `dir` or the nearest folder above it that has one. */
function installedVersion(dir: string, name: string): string | null {
  for (let at = dir; ; at = path.dirname(at)) {
    const manifest = path.join(at, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
        return typeof version === 'string' ? version : null;
      } catch {
        return null;
      }
    }
    if (path.dirname(at) === at) return null;
  }
}

function relativeName(moduleDir: string, file: string): string {
  return path.relative(moduleDir, file).split(path.sep).join('/');
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
