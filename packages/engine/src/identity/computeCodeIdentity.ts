import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ScoreTableError } from '../errors.js';
import { canonicalJson } from '../cache/canonicalJson.js';
import type { CodeIdentity, EngineCodeIdentity, ScoreTableIdentity } from './CodeIdentity.js';
import { engineCodeId } from './engineCodeId.js';
import { identifyUserModule } from './identifyUserModule.js';

export type ComputeCodeIdentityOptions = {
  /** The config's `factor_modules`: absolute paths, in config order. */
  readonly factorModules: readonly string[];
  /** The config's folder (modules are named relative to it in the identity and in diffs). */
  readonly baseDir: string;
  /** The engine part; default this process's {@link engineCodeId}. */
  readonly engine?: EngineCodeIdentity;
  /** External factors' score tables (scoreTablesOf(config.factors)): absolute paths. */
  readonly scoreTables?: readonly { readonly factor: string; readonly path: string }[];
};

/**
 * The code identity of a run (DESIGN.md, "Caches are content-addressed"): the engine's
 * built code ({@link engineCodeId}) and every user factor module with the local files it
 * imports ({@link identifyUserModule}), and every external factor's score table (its sha256). Two processes running the same build, runtime and
 * module files get the same `sha256`, wherever the config and modules lie.
 * @throws CodeIdentityError
 */
export async function computeCodeIdentity(options: ComputeCodeIdentityOptions): Promise<CodeIdentity> {
  const engine = options.engine ?? engineCodeId();
  const modules = [];
  for (const modulePath of options.factorModules) modules.push(await identifyUserModule({ modulePath, baseDir: options.baseDir }));
  const scoreTables: ScoreTableIdentity[] = [];
  for (const table of options.scoreTables ?? []) {
    let bytes: Buffer;
    try {
      bytes = await readFile(table.path);
    } catch (error) {
      throw new ScoreTableError({ factorId: table.factor, path: table.path, cause: error });
    }
    const name = path.relative(path.resolve(options.baseDir), table.path).split(path.sep).join('/');
    scoreTables.push({ factor: table.factor, table: name, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const identity = { version: 1, engine: engine.sha256, modules: modules.map((m) => m.sha256) };
  const tables = scoreTables.map((t) => [t.factor, t.sha256]);
  const sha256 = createHash('sha256')
    .update(canonicalJson(scoreTables.length === 0 ? identity : { ...identity, scoreTables: tables }), 'utf8')
    .digest('hex');
  return { version: 1, sha256, engine, modules, ...(scoreTables.length === 0 ? {} : { scoreTables }) };
}
