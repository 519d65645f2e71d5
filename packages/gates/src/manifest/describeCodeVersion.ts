import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The code that ran: the workspace's name and version, and the git commit of its checkout when there is one. */
export type CodeVersion = { readonly package: string; readonly version: string; readonly gitCommit: string | null };

type PackageJson = { name?: string; version?: string; workspaces?: unknown };

/**
 * Reads the name and version of the workspace root (the nearest package.json above this file
 * that declares `workspaces`; the nearest package.json when none does) and asks git for HEAD
 * (null outside a repository or without git). Found by walking up, so the compiled package
 * and the bundled CLI (scripts/bundle/) record the same code version.
 */
export async function describeCodeVersion(): Promise<CodeVersion> {
  const { dir, manifest } = findWorkspaceManifest(dirname(fileURLToPath(import.meta.url)));
  const git = await execa('git', ['rev-parse', 'HEAD'], { cwd: dir, reject: false, stdin: 'ignore' });
  const commit = git.exitCode === 0 && typeof git.stdout === 'string' && /^[0-9a-f]{40}$/.test(git.stdout.trim()) ? git.stdout.trim() : null;
  return { package: manifest.name ?? '(unnamed)', version: manifest.version ?? '0.0.0', gitCommit: commit };
}

function findWorkspaceManifest(start: string): { dir: string; manifest: PackageJson } {
  let nearest: { dir: string; manifest: PackageJson } | null = null;
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (manifest.workspaces !== undefined) return { dir, manifest };
      nearest ??= { dir, manifest };
    }
    if (dirname(dir) === dir) break;
  }
  return nearest ?? { dir: start, manifest: {} };
}
