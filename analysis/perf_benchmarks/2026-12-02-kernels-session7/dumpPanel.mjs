// node dumpPanel.mjs ENGINE_DIST PRICES_DIR OUT_DIR: loads a panel (through a scratch panel cache) and writes its fields as raw f64 files for kernels.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
const [engineDist, pricesDir, outDir] = process.argv.slice(2);
const engine = await import(`${engineDist}/index.js`);
const { panel } = await engine.loadPanel({ pricesDir, cacheDir: `${outDir}/cache` });
mkdirSync(outDir, { recursive: true });
for (const field of ['open', 'high', 'low', 'close', 'volume']) writeFileSync(`${outDir}/${field}.f64`, panel[field]);
writeFileSync(`${outDir}/dates.i32`, panel.dates);
writeFileSync(`${outDir}/meta.json`, JSON.stringify({ symbols: panel.symbols, nDates: panel.nDates, nSymbols: panel.nSymbols }));
