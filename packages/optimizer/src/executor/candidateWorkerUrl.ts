/**
 * The compiled worker script. Workers always run dist/ JavaScript: from the compiled
 * package it sits beside this module; from the TypeScript sources (tests) the same path
 * under dist/ is used, so `tsc -b packages/optimizer` must have run.
 */
export function candidateWorkerUrl(): URL {
  return compiledUrl('candidateWorker.js');
}

/** The compiled child-process script of `--executor processes` (same rules as candidateWorkerUrl). */
export function candidateProcessUrl(): URL {
  return compiledUrl('candidateProcess.js');
}

function compiledUrl(file: string): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL(`../../dist/executor/${file}`, here);
  return new URL(`./${file}`, here);
}
