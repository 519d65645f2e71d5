/**
 * The compiled worker script. Workers always run dist/ JavaScript: from the compiled
 * package it sits beside this module; from the TypeScript sources (tests) the same path
 * under dist/ is used, so `tsc -b packages/optimizer` must have run.
 */
export function candidateWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('../../dist/executor/candidateWorker.js', here);
  return new URL('./candidateWorker.js', here);
}
