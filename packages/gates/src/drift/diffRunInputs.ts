import type { WalkForwardConfig } from '@wf/engine';
import type { DataRevisions } from './findDataRevisions.js';
import type { RunInputsDiff } from './compareRuns.js';

/** The inputs of one run as its manifest records them. */
export type RunInputs = {
  /** The code identity (any JSON value; compared key by key when it is an object). */
  readonly code: unknown;
  readonly config: WalkForwardConfig;
  readonly dataFingerprint: string;
};

/**
 * What changed between two runs' inputs: the code identity's differing entries, the config's
 * differing sections (`universe`, `portfolio`, `windows`, `objective`, `gates`, and
 * `factors.<id>` per factor), and the data (with the revisions when both panels were at hand).
 */
export function diffRunInputs(options: {
  readonly previous: RunInputs;
  readonly current: RunInputs;
  readonly revisions: DataRevisions | null;
  readonly dataNote: string;
}): RunInputsDiff {
  const { previous, current } = options;
  return {
    codeChanges: diffEntries(previous.code, current.code, 'code'),
    configChanges: diffConfig(previous.config, current.config),
    data: previous.dataFingerprint === current.dataFingerprint ? null : { revisions: options.revisions, note: options.dataNote },
  };
}

function diffConfig(a: WalkForwardConfig, b: WalkForwardConfig): string[] {
  const changes: string[] = [];
  const sections = ['universe', 'portfolio', 'windows', 'objective', 'gates'] as const;
  for (const key of sections) if (stable(a[key]) !== stable(b[key])) changes.push(key);
  const before = new Map(a.factors.map((spec) => [spec.id, stable(spec)]));
  const after = new Map(b.factors.map((spec) => [spec.id, stable(spec)]));
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    if (before.get(id) !== after.get(id)) changes.push(`factors.${id}`);
  }
  if (stable(a.factorModules) !== stable(b.factorModules)) changes.push('factor_modules');
  return changes;
}

/** Keys of two objects whose values differ (recursing one level into objects), else the whole value. */
function diffEntries(a: unknown, b: unknown, path: string): string[] {
  if (stable(a) === stable(b)) return [];
  if (isRecord(a) && isRecord(b)) {
    const out: string[] = [];
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (stable(a[key]) === stable(b[key])) continue;
      if (isRecord(a[key]) && isRecord(b[key])) out.push(...diffEntries(a[key], b[key], `${path}.${key}`));
      else out.push(`${path}.${key}`);
    }
    return out;
  }
  return [path];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  ) ?? 'undefined';
}
