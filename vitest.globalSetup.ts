import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * Vitest started by hand (`npx vitest run <files>`) brings what the selected tests read up to
 * date, once per vitest run: dist/ (`tsc -b`, incremental) for every test, and scripts/bundle/
 * only when a process test (project `process:*`) is selected. Under nx (`npm test`, `nx run
 * engine:test`) this does nothing: the targets' dependsOn built exactly that already, and a
 * unit test target must not wait for the bundle.
 */
export default function setup(project: TestProject): void {
  if (process.env['NX_TASK_TARGET_PROJECT'] !== undefined) return;
  const root = dirname(fileURLToPath(import.meta.url));
  const done = ((globalThis as { __wfTestBuild?: Set<string> }).__wfTestBuild ??= new Set<string>());
  const step = (name: string, script: string, args: string[]): void => {
    if (done.has(name)) return;
    execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
    done.add(name);
  };
  step('tsc', 'node_modules/typescript/bin/tsc', ['-b']);
  if (project.name.startsWith('process:')) step('bundle', 'tools/bundle-clis.mjs', []);
}
