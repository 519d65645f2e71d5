import { stat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { statDataFiles } from '/work/wt-identity/packages/engine/dist/data/statDataFiles.js';
import { computeEngineCodeId } from '/work/wt-identity/packages/engine/dist/identity/engineCodeId.js';
const dir = '/work/shared/data/sp500-5yr/prices';
const files = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort().map((n) => ({ role: 'prices', key: n, path: path.join(dir, n), display: n }));
const oldStat = () => Promise.all(files.map(async (f) => { const i = await stat(f.path); return { path: f.path, size: i.size, mtimeMs: i.mtimeMs }; }));
const newStat = () => statDataFiles(files);
const bundleId = async () => computeEngineCodeId('/work/wt-identity/scripts/bundle/run-walk-forward.bundle.cjs');
const distId = async () => computeEngineCodeId('/work/wt-identity/packages/engine/dist/identity/engineCodeId.js');
const results = { oldStat: [], newStat: [], bundleId: [], distId: [] };
const fns = { oldStat, newStat, bundleId, distId };
for (let r = 0; r < 25; r++) for (const [k, f] of Object.entries(fns)) { const t = performance.now(); await f(); results[k].push(performance.now() - t); }
for (const [k, v] of Object.entries(results)) { v.sort((a, b) => a - b); console.log(k.padEnd(9), 'min', v[0].toFixed(1), 'median', v[12].toFixed(1), 'max', v[24].toFixed(1), 'ms'); }
console.log(computeEngineCodeId('/work/wt-identity/packages/engine/dist/identity/engineCodeId.js').files, 'dist files');
