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
 * The key hashes the bundle's bytes, the node version and architecture and this process's
 * node flags (V8 checks only the source length and its own flags), so a rebuilt bundle or a
 * shard started with other flags never reads another's cache. The cache is written to a
 * temporary file and renamed into place; a folder that cannot be written only loses the
 * speed-up. It changes nothing the CLI computes: it is the same code, compiled earlier.
 */
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** Loads and runs the CommonJS file `bundlePath` as the main program, through the code cache. */
function runWithCodeCache(bundlePath) {
  const source = readFileSync(bundlePath, 'utf8').replace(/^#!.*/, '');
  const key = createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${JSON.stringify(process.execArgv)}`)
    .digest('hex')
    .slice(0, 16);
  const cachePath = `${bundlePath}.${key}.v8cache`;
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

function saveCodeCache(script, cachePath) {
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
  } catch {
    rmSync(temp, { force: true });
  }
}

module.exports = { runWithCodeCache };
