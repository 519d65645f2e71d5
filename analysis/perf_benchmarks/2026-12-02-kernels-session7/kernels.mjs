// node kernels.mjs BEFORE_ENGINE_DIST AFTER_ENGINE_DIST PANEL_DIR FROM_DATE REPS factor:param=v,... ...
// Ranks each factor's score matrix and builds its daily table with the kernels of both builds, alternating,
// in one process; reports CPU time (process.cpuUsage, single thread) per kernel and checks every output cell is
// the same bits. (The before build's dist must resolve its own dependencies: put it under a node_modules tree.)
import { readFileSync } from 'node:fs';
const [beforeDist, afterDist, panelDir, fromArg, repsArg, ...specs] = process.argv.slice(2);
const FROM = Number(fromArg);
const REPS = Number(repsArg);
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const field = (name) => { const b = readFileSync(`${panelDir}/${name}.f64`); return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8); };
const meta = JSON.parse(readFileSync(`${panelDir}/meta.json`, 'utf8'));
const datesBytes = readFileSync(`${panelDir}/dates.i32`);
const panel = { symbols: meta.symbols, nDates: meta.nDates, nSymbols: meta.nSymbols, dates: new Int32Array(datesBytes.buffer, datesBytes.byteOffset, meta.nDates), open: field('open'), high: field('high'), low: field('low'), close: field('close'), volume: field('volume'), marketCap: null };
const load = async (dist) => ({
  rank: (await import(`${dist}/portfolio/rankCrossSection.js`)).rankCrossSection,
  daily: (await import(`${dist}/portfolio/computeDailyTable.js`)).computeDailyTable,
  scratch: (await import(`${dist}/portfolio/SimulationScratch.js`)).createSimulationScratch,
});
const before = await load(beforeDist);
const after = await load(afterDist);
const engine = await import(`${afterDist}/index.js`);
const context = engine.createMarketContext({ panel, dataFingerprint: 'bench', universe: { minHistory: 60, minPrice: 5, minDollarVolume: 1e6, topN: null } });
const registry = engine.createBuiltinRegistry();
const portfolio = { construction: 'quantile_long_short', quantiles: 5, holdingDays: 1, costBps: 10, minNames: 10 };
const { nDates, nSymbols } = panel;
const sameBits = (a, b) => {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
};
// Each side ranks into its own preallocated ranking (as the engine's recycled arrays): the figures are the kernels', not first-touch page faults.
const newRanking = () => { const r = { nDates, nSymbols, order: new Int32Array(nDates * nSymbols), count: new Int32Array(nDates) }; r.order.fill(0); return r; };
const outBefore = newRanking();
const outAfter = newRanking();
const total = { rankBefore: 0, rankAfter: 0, dailyBefore: 0, dailyAfter: 0 };
let differences = 0;
for (const spec of specs) {
  const [id, text] = spec.split(':');
  const params = Object.fromEntries((text ?? '').split(',').filter(Boolean).map((pair) => { const [k, v] = pair.split('='); return [k, Number(v)]; }));
  const scores = new Float64Array(nDates * nSymbols);
  registry.get(id).compute({ panel, returns: context.returns }, params, scores);
  const row = { rankBefore: 0, rankAfter: 0, dailyBefore: 0, dailyAfter: 0 };
  for (let rep = 0; rep < REPS; rep++) {
    const rankOptions = (out) => ({ values: scores, nDates, nSymbols, universe: context.universe, fromDate: FROM, out });
    let t = cpuMs(); const r1 = before.rank(rankOptions(outBefore)); row.rankBefore += cpuMs() - t;
    t = cpuMs(); const r2 = after.rank(rankOptions(outAfter)); row.rankAfter += cpuMs() - t;
    if (!sameBits(r1.count.subarray(FROM), r2.count.subarray(FROM)) || !sameBits(r1.order.subarray(FROM * nSymbols), r2.order.subarray(FROM * nSymbols))) { differences++; console.log('RANKING DIFFERS', spec); }
    const dailyOptions = (ranking, scratch) => ({ returns: context.returns, returnRanking: context.returnRanking, scores, scoreRanking: ranking, nSymbols, portfolio, scratch, fromSignalDate: FROM });
    t = cpuMs(); const d1 = before.daily(dailyOptions(r1, before.scratch(nSymbols))); row.dailyBefore += cpuMs() - t;
    t = cpuMs(); const d2 = after.daily(dailyOptions(r2, after.scratch(nSymbols))); row.dailyAfter += cpuMs() - t;
    for (const key of ['lagReturns', 'grossExposure', 'turnoverFromPrevious', 'ic', 'quantileReturns', 'scoredCount']) if (!sameBits(d1[key], d2[key])) { differences++; console.log('DAILY TABLE DIFFERS', spec, key); }
  }
  const perDate = (ms) => ((1000 * ms) / REPS / (nDates - FROM)).toFixed(1);
  console.log(`${spec.padEnd(32)} ranking ${perDate(row.rankBefore)} -> ${perDate(row.rankAfter)} us/date (${(row.rankBefore / row.rankAfter).toFixed(2)}x)   daily table ${perDate(row.dailyBefore)} -> ${perDate(row.dailyAfter)} us/date (${(row.dailyBefore / row.dailyAfter).toFixed(2)}x)`);
  for (const key of Object.keys(total)) total[key] += row[key];
}
console.log(`all: ranking ${(total.rankBefore / total.rankAfter).toFixed(2)}x, daily table ${(total.dailyBefore / total.dailyAfter).toFixed(2)}x, CPU ms ${JSON.stringify(Object.fromEntries(Object.entries(total).map(([k, v]) => [k, Math.round(v)])))}; cells differing: ${differences === 0 ? 'none' : differences}`);
