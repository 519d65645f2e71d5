import { createHash } from 'node:crypto';
import { canonicalJson } from '../cache/canonicalJson.js';
import type { CodeIdentity, EngineCodeIdentity } from './CodeIdentity.js';
import { engineCodeId } from './engineCodeId.js';
import { identifyUserModule } from './identifyUserModule.js';

export type ComputeCodeIdentityOptions = {
  /** The config's `factor_modules`: absolute paths, in config order. */
  readonly factorModules: readonly string[];
  /** The config's folder (modules are named relative to it in the identity and in diffs). */
  readonly baseDir: string;
  /** The engine part; default this process's {@link engineCodeId}. */
  readonly engine?: EngineCodeIdentity;
};

/**
 * The code identity of a run (DESIGN.md, "Caches are content-addressed"): the engine's
 * built code ({@link engineCodeId}) and every user factor module with the local files it
 * imports ({@link identifyUserModule}). Two processes running the same build, runtime and
 * module files get the same `sha256`, wherever the config and modules lie.
 * @throws CodeIdentityError
 */
export async function computeCodeIdentity(options: ComputeCodeIdentityOptions): Promise<CodeIdentity> {
  const engine = options.engine ?? engineCodeId();
  const modules = [];
  for (const modulePath of options.factorModules) modules.push(await identifyUserModule({ modulePath, baseDir: options.baseDir }));
  const sha256 = createHash('sha256')
    .update(canonicalJson({ version: 1, engine: engine.sha256, modules: modules.map((m) => m.sha256) }), 'utf8')
    .digest('hex');
  return { version: 1, sha256, engine, modules };
}
