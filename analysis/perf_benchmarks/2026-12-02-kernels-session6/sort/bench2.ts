import * as A from './old.ts';
import * as B from './cur.ts';
import * as C from './bits.ts';
function rng(seed: number) { let s = seed >>> 0; return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; }; }
const r = rng(7);
const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());
const N = +(process.argv[2] ?? 5000), D = 100;
const dists: Record<string, () => number> = {
  normal: gauss,
  heavy: () => gauss() / Math.max(1e-3, Math.abs(gauss())) ,
  ties: () => Math.round(gauss() * 20) / 20,
  lognormal: () => Math.exp(3 * gauss()),
};
const variants = [['old', A], ['cur', B], ['bits', C]] as const;
for (const [name, f] of Object.entries(dists)) {
  const data: Float64Array[] = [];
  for (let d = 0; d < D; d++) { const a = new Float64Array(N); for (let i = 0; i < N; i++) a[i] = f(); data.push(a); }
  const best = variants.map(() => Infinity);
  for (let rep = 0; rep < 15; rep++) variants.forEach(([lbl, M], v) => {
    const buf = M.createSortBuffers(N);
    const t0 = performance.now();
    for (let d = 0; d < D; d++) { buf.keys.set(data[d]!); for (let i = 0; i < N; i++) buf.index[i] = i; M.sortByKey(buf, N); }
    best[v] = Math.min(best[v]!, (performance.now() - t0) / (D * N) * 1e6);
  });
  console.log(N, name, variants.map(([l], v) => `${l} ${best[v]!.toFixed(1)}`).join('  '));
}
