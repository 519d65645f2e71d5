'use strict';
/**
 * Runs a CommonJS bundle of a CLI (tools/bundle-clis.mjs) with a V8 code cache beside it.
 *
 * Node 20 has no compile cache of its own (module.enableCompileCache is Node 22). Every
 * shard process otherwise parses and compiles its 1.5 MB bundle again: about 80 ms of a
 * shard's start. The first run of a bundle saves V8's code cache (made at exit, so it holds
 * every function that run compiled) to `<bundle>.<key>.v8cache`; later runs hand it to
 * vm.Script, which checks it and falls back to compiling when V8 rejects it.
 *
 * The name hashes the bundle's bytes, and the node version, architecture and this process's
 * node flags (V8 checks only the source length and its own flags), so a rebuilt bundle or a
 * shard started with other flags never reads another's cache. The cache is written to a
 * temporary file and renamed into place; a folder that cannot be written only loses the
 * speed-up. It changes nothing the CLI computes: it is the same code, compiled earlier.
 */
const { isAscii } = require('node:buffer');
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** Loads and runs the CommonJS file `bundlePath` as the main program, through the code cache. */
function runWithCodeCache(bundlePath) {
  // tools/bundle-clis.mjs writes ASCII-only bundles: read as latin1, the text is a one-byte
  // string, decoded and hashed faster than the two-byte string a single non-ASCII character makes.
  const bytes = readFileSync(bundlePath);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8').replace(/^#!.*/, '');
  const cachePath = codeCachePath(bundlePath, source, `${process.version}\0${process.arch}\0${JSON.stringify(process.execArgv)}`);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: bundlePath,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', () => saveCodeCache(script, cachePath));
  }
  const module = new Module(bundlePath);
  module.filename = bundlePath;
  module.paths = Module._nodeModulePaths(dirname(bundlePath));
  // Node 20 rejects import() in vm.Script code without --experimental-vm-modules; the bundle's
  // import() calls (user factor modules, by absolute URL) use this one, compiled by Node.
  globalThis.__wfDynamicImport = (specifier) => import(specifier);
  const run = script.runInThisContext();
  run.call(module.exports, module.exports, Module.createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
}

/**
 * `<bundle>.<source key>-<runtime key>.v8cache`: the source key hashes the bundle's text (so
 * tools/bundle-clis.mjs can drop the caches of an older build), the runtime key the node
 * version, architecture and flags.
 */
function codeCachePath(bundlePath, source, runtime) {
  return `${bundlePath}.${sourceKey(source)}-${createHash('sha256').update(runtime).digest('hex').slice(0, 8)}.v8cache`;
}

/** The source part of a bundle's code cache names (the shebang line left out, as it is when run). */
function sourceKey(source) {
  return createHash('sha256').update(source.replace(/^#!.*/, '')).digest('hex').slice(0, 16);
}

function saveCodeCache(script, cachePath) {
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
  } catch {
    rmSync(temp, { force: true });
  }
}

module.exports = { runWithCodeCache, sourceKey };
