import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Process-level tests run the compiled CLIs: bring dist/ up to date once (incremental). */
export default function setup(): void {
  const root = dirname(fileURLToPath(import.meta.url));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
}
