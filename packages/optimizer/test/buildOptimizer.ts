import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/**
 * The compiled CLI; fails with a clear message when it is missing. Freshness is the job of the
 * vitest globalSetup (`tsc -b`), not of file times: a checkout may carry source times newer than
 * the build that follows it.
 */
export function compiledCli(): string {
  const script = join(repoRoot, 'scripts/dist/run-optimization.js');
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run \`npm run build\` first`);
  }
  return join(repoRoot, 'scripts/bin/wf-optimize.js');
}
