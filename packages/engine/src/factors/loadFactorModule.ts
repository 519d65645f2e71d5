import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkFactorDefinition } from './checkFactorDefinition.js';
import { TYPESCRIPT_MODULE } from './modules/bundleTypeScriptModule.js';
import { compileTypeScriptModule } from './modules/compileTypeScriptModule.js';
import { DuplicateFactorError, FactorModuleExportError, FactorModuleImportError, FactorModuleNotFoundError, InvalidFactorDefinitionError } from '../errors.js';
import type { FactorDefinition } from './FactorDefinition.js';
import type { FactorRegistry } from './FactorRegistry.js';

/**
 * Registers the user factors of an ES module named in the config (PROTOCOL section 3, user
 * factors). `modulePath` is an absolute file path or a `file:` URL (the config layer resolves
 * relative paths against the config's folder). The module must export
 *
 *     export const factors = [ { id, description, defaults, validate, compute, costHint? }, ... ];
 *
 * (a declarative list rather than a `register(registry)` callback, so the whole module is
 * checked before anything is registered). A `.ts`, `.mts` or `.cts` module is compiled with
 * esbuild first (compileTypeScriptModule: types stripped, not checked; the compiled file goes to
 * a temp folder) and its code imported from there; `docs/factors.md` is the guide. All-or-nothing: on any error the registry is
 * unchanged. Errors, each naming `modulePath`: FactorModuleImportError (relative path, import
 * failure such as a syntax error), FactorModuleNotFoundError, FactorModuleExportError (no
 * `factors` array), InvalidFactorDefinitionError (a malformed entry), DuplicateFactorError
 * (an id already registered or repeated in the module).
 */
export async function loadFactorModule(registry: FactorRegistry, modulePath: string): Promise<void> {
  let url = moduleUrl(modulePath);
  try {
    const info = await stat(fileURLToPath(url));
    if (!info.isFile()) throw new FactorModuleImportError({ modulePath, reason: 'it is not a file' });
  } catch (error) {
    if (error instanceof FactorModuleImportError) throw error;
    throw new FactorModuleNotFoundError(modulePath, { cause: error });
  }
  // A TypeScript module is imported from its compiled file (in a temp folder, never beside it).
  if (TYPESCRIPT_MODULE.test(url.pathname)) url = await compileTypeScriptModule(fileURLToPath(url));
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    throw new FactorModuleImportError({ modulePath, reason, cause: error });
  }
  const factors = namespace['factors'];
  if (factors === undefined) throw new FactorModuleExportError(modulePath, 'has no `factors` export');
  if (!Array.isArray(factors)) throw new FactorModuleExportError(modulePath, 'exports `factors` that is not an array');
  const seen = new Set<string>();
  for (let k = 0; k < factors.length; k++) {
    const entry: unknown = factors[k];
    const problem = checkFactorDefinition(entry);
    if (problem !== null) {
      const id = (entry as { id?: unknown } | null)?.id;
      throw new InvalidFactorDefinitionError({
        factorId: typeof id === 'string' ? id : null,
        reason: `factors[${k}]: ${problem}`,
        modulePath,
      });
    }
    const { id } = entry as FactorDefinition;
    if (registry.has(id) || seen.has(id)) throw new DuplicateFactorError(id, modulePath);
    seen.add(id);
  }
  for (const entry of factors as FactorDefinition[]) registry.register(entry);
}

function moduleUrl(modulePath: string): URL {
  if (modulePath.startsWith('file:')) {
    try {
      return new URL(modulePath);
    } catch (error) {
      throw new FactorModuleImportError({ modulePath, reason: 'it is not a valid file: URL', cause: error });
    }
  }
  if (!isAbsolute(modulePath)) {
    throw new FactorModuleImportError({ modulePath, reason: 'expected an absolute path or a file: URL' });
  }
  return pathToFileURL(modulePath);
}
