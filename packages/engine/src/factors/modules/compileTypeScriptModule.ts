import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FactorModuleImportError } from '../../errors.js';
import { writeFileAtomic } from '../../util/writeFileAtomic.js';
import { bundleTypeScriptModule } from './bundleTypeScriptModule.js';

/**
 * Where compiled TypeScript factor modules are kept: `<os temp folder>/wf-factor-modules/`,
 * never the user's folder. Files are named by the sha256 of their code, so a module compiles to
 * the same file every time, processes share it, and a changed module gets a new file.
 */
export function compiledModulesDir(): string {
  return path.join(tmpdir(), 'wf-factor-modules');
}

/**
 * Compiles a TypeScript user factor module (bundleTypeScriptModule) into
 * `compiledModulesDir()/<sha256 of the code, 16 hex>.mjs` (written atomically when absent) and
 * returns that file's URL to import. Turns on Node's source-map support
 * (`process.setSourceMapsEnabled`), so a stack thrown by the module names its `.ts` file and line.
 * A module that does not compile is a FactorModuleImportError quoting esbuild's first error.
 */
export async function compileTypeScriptModule(modulePath: string): Promise<URL> {
  const outDir = compiledModulesDir();
  let code: Uint8Array;
  try {
    ({ code } = await bundleTypeScriptModule({ modulePath, outDir }));
  } catch (error) {
    throw new FactorModuleImportError({ modulePath, reason: `it does not compile: ${esbuildReason(error)}`, cause: error });
  }
  const file = path.join(outDir, `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    try {
      mkdirSync(outDir, { recursive: true });
      writeFileAtomic(file, code);
    } catch (error) {
      throw new FactorModuleImportError({ modulePath, reason: `its compiled code cannot be written to ${file}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
    }
  }
  process.setSourceMapsEnabled(true);
  return pathToFileURL(file);
}

/** esbuild's first error as `file:line:column: text`, else the error's message. */
function esbuildReason(error: unknown): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors?.[0];
  if (first === undefined) return error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
  const at = first.location == null ? '' : `${first.location.file}:${first.location.line}:${first.location.column}: `;
  return `${at}${first.text}`;
}
