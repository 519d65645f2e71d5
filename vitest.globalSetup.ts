import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Process-level tests run the compiled and bundled CLIs: bring dist/ (incremental) and scripts/bundle/ up to date once. */
export default function setup(): void {
  const root = dirname(fileURLToPath(import.meta.url));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'tools/bundle-clis.mjs')], { cwd: root, stdio: 'inherit' });
}
