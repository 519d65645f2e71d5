/**
 * The pool worker's script: beside the bundle when this code runs inside a CLI bundle
 * (tools/bundle-clis.mjs writes `walk-forward-worker.bundle.cjs` next to the CLIs, and the
 * code identity hashes it with them); the compiled dist/ file otherwise (tests run src/ and
 * start the worker from dist/, which the build target produces).
 */
export function walkForwardWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.bundle.cjs')) return new URL('./walk-forward-worker.bundle.cjs', here);
  if (here.endsWith('.ts')) return new URL('../../../dist/run/pool/walkForwardWorker.js', here);
  return new URL('./walkForwardWorker.js', here);
}
