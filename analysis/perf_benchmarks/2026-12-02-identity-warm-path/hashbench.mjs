import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
const dir = '/work/shared/data/sp500-5yr/prices';
const names = (await readdir(dir)).filter(n => n.endsWith('.csv')).map(n => path.join(dir, n));
async function hashAll() { const bufs = await Promise.all(names.map(n => readFile(n))); let t=0; for (const b of bufs) { createHash('sha256').update(b).digest('hex'); t+=b.length;} return t; }
async function statAll() { return Promise.all(names.map(n => stat(n, { bigint: true }))); }
async function statAllNum() { return Promise.all(names.map(n => stat(n))); }
for (const [name, f] of [['stat', statAllNum], ['statBig', statAll], ['hash', hashAll]]) {
  const times = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); await f(); times.push(performance.now() - t0); }
  times.sort((a,b)=>a-b);
  console.log(name, 'min', times[0].toFixed(1), 'median', times[7].toFixed(1), 'max', times[14].toFixed(1));
}
