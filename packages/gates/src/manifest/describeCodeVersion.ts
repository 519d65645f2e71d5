import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The code that ran: this package's name and version, and the git commit of its checkout when there is one. */
export type CodeVersion = { readonly package: string; readonly version: string; readonly gitCommit: string | null };

/** Reads packages/gates/package.json (beside dist/) and asks git for HEAD (null outside a repository or without git). */
export async function describeCodeVersion(): Promise<CodeVersion> {
  const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const git = await execa('git', ['rev-parse', 'HEAD'], { cwd: packageDir, reject: false, stdin: 'ignore' });
  const commit = git.exitCode === 0 && typeof git.stdout === 'string' && /^[0-9a-f]{40}$/.test(git.stdout.trim()) ? git.stdout.trim() : null;
  return { package: manifest.name, version: manifest.version, gitCommit: commit };
}
