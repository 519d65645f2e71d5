/**
 * The compiled child-process script of `wf-bench sweep --executor processes`. It always
 * runs dist/ JavaScript: from the compiled package it sits beside this module; from the
 * TypeScript sources (tests) the same path under dist/ is used, so `tsc -b packages/bench`
 * must have run.
 */
export function candidateProcessUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('../../dist/baselines/candidateProcess.js', here);
  return new URL('./candidateProcess.js', here);
}
