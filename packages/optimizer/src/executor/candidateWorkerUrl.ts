/**
 * The compiled worker script: beside the bundle when this code runs inside a CLI bundle
 * (tools/bundle-clis.mjs writes `candidate-worker.bundle.cjs` next to the CLIs, and the code
 * identity hashes it with them); else the dist/ file beside this module. From the TypeScript
 * sources (tests) the same path under dist/ is used, so `tsc -b packages/optimizer` must have run.
 */
export function candidateWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.bundle.cjs')) return new URL('./candidate-worker.bundle.cjs', here);
  if (here.endsWith('.ts')) return new URL('../../dist/executor/candidateWorker.js', here);
  return new URL('./candidateWorker.js', here);
}
