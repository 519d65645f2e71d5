import type { CodeIdentity, UserModuleIdentity } from './CodeIdentity.js';

/**
 * What changed from `before` (a recorded identity; null or malformed when none was recorded)
 * to `after`, one phrase per change, e.g. `user module factors/flip.mjs sha256 ab12cd34 ->
 * 9f00e1d2` or `user module factors/flip.mjs imports lib/sign.mjs sha256 ...`. Empty when
 * the identities are equal.
 */
export function diffCodeIdentity(before: CodeIdentity | null | undefined, after: CodeIdentity): string[] {
  if (before === null || before === undefined || typeof before.sha256 !== 'string') return ['the run recorded no code identity'];
  if (before.sha256 === after.sha256) return [];
  const changes: string[] = [];
  const engineBefore = before.engine;
  if (engineBefore?.sha256 !== after.engine.sha256) {
    if (engineBefore?.runtime !== after.engine.runtime) changes.push(`runtime ${engineBefore?.runtime ?? '(none)'} -> ${after.engine.runtime}`);
    changes.push(`engine code (${after.engine.build}) sha256 ${short(engineBefore?.sha256)} -> ${short(after.engine.sha256)}`);
  }
  const beforeModules = Array.isArray(before.modules) ? before.modules : [];
  const named = new Map(beforeModules.map((m) => [m.module, m]));
  for (const module of after.modules) {
    const old = named.get(module.module);
    named.delete(module.module);
    if (old === undefined) changes.push(`user module ${module.module} added`);
    else if (old.sha256 !== module.sha256) changes.push(...diffModule(old, module));
  }
  for (const name of named.keys()) changes.push(`user module ${name} removed`);
  const tablesBefore = new Map((Array.isArray(before.scoreTables) ? before.scoreTables : []).map((t) => [t.factor, t]));
  for (const table of after.scoreTables ?? []) {
    const old = tablesBefore.get(table.factor);
    tablesBefore.delete(table.factor);
    if (old === undefined) changes.push(`score table ${table.table} of factor ${table.factor} added`);
    else if (old.sha256 !== table.sha256 || old.table !== table.table) changes.push(`score table ${table.table} of factor ${table.factor} sha256 ${short(old.sha256)} -> ${short(table.sha256)}`);
  }
  for (const [factor, table] of tablesBefore) changes.push(`score table ${table.table} of factor ${factor} removed`);
  if (changes.length === 0) changes.push(`code identity sha256 ${short(before.sha256)} -> ${short(after.sha256)}`);
  return changes;
}

function diffModule(before: UserModuleIdentity, after: UserModuleIdentity): string[] {
  const changes: string[] = [];
  const root = after.files[0]?.path;
  const where = (file: string): string => (file === root ? `user module ${after.module}` : `user module ${after.module} imports ${file}`);
  const files = new Map((before.files ?? []).map((f) => [f.path, f.sha256]));
  for (const file of after.files) {
    if (!files.has(file.path)) changes.push(`${where(file.path)} added`);
    else if (files.get(file.path) !== file.sha256) changes.push(`${where(file.path)} sha256 ${short(files.get(file.path))} -> ${short(file.sha256)}`);
    files.delete(file.path);
  }
  for (const file of files.keys()) changes.push(`${where(file)} removed`);
  const packages = new Map((before.packages ?? []).map((p) => [p.name, p.version]));
  for (const pkg of after.packages) {
    if (!packages.has(pkg.name)) changes.push(`user module ${after.module} imports package ${pkg.name}@${pkg.version ?? '(not installed)'} added`);
    else if (packages.get(pkg.name) !== pkg.version) {
      changes.push(`user module ${after.module} package ${pkg.name} ${packages.get(pkg.name) ?? '(not installed)'} -> ${pkg.version ?? '(not installed)'}`);
    }
    packages.delete(pkg.name);
  }
  for (const name of packages.keys()) changes.push(`user module ${after.module} no longer imports package ${name}`);
  if (changes.length === 0) changes.push(`user module ${after.module} sha256 ${short(before.sha256)} -> ${short(after.sha256)}`);
  return changes;
}

function short(sha256: string | null | undefined): string {
  return sha256 == null ? '(none)' : `${sha256.slice(0, 8)}..`;
}
