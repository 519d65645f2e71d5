// Where a bundle's start goes: read and decode, hash (the code-cache key), vm.Script with the cache. Usage: node bundle-start.cjs BUNDLE [V8CACHE]
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const vm = require('node:vm');
const t0 = process.hrtime.bigint(); const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
const b = process.argv[2]; const cacheFile = process.argv[3];
const source = readFileSync(b, 'utf8').replace(/^#!.*/, ''); const a = ms();
const key = createHash('sha256').update(source.replace(/^#!.*/, '')).digest('hex'); const h = ms();
const cachedData = cacheFile ? readFileSync(cacheFile) : undefined; const c = ms();
const wrapped = Module.wrap(source);
const script = new vm.Script(wrapped, { filename: b, cachedData }); const s = ms();
const run = script.runInThisContext(); const r = ms();
console.log(`read ${a.toFixed(1)} hash ${(h-a).toFixed(1)} readcache ${(c-h).toFixed(1)} script ${(s-c).toFixed(1)} rejected ${script.cachedDataRejected} run ${(r-s).toFixed(1)}`);
