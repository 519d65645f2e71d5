import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** The compiled CLI; fails with a clear message when it is missing or older than its source (`npm run build` first). */
export function compiledCli(): string {
  const script = join(repoRoot, 'scripts/dist/run-optimization.js');
  const source = join(repoRoot, 'scripts/src/run-optimization.ts');
  if (!existsSync(script) || statSync(script).mtimeMs < statSync(source).mtimeMs) {
    throw new Error(`${script} is missing or stale: run \`npm run build\` (or npx tsc -b packages/optimizer scripts) first`);
  }
  return join(repoRoot, 'scripts/bin/wf-optimize.js');
}
