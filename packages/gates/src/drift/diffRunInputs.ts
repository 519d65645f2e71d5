import { canonicalConfigJson, diffCodeIdentity } from '@wf/engine';
import type { CodeIdentity, WalkForwardConfig } from '@wf/engine';
import type { DataRevisions } from './findDataRevisions.js';
import type { RunInputsDiff } from './compareRuns.js';

/** The inputs of one run as its manifest records them. */
export type RunInputs = {
  /** The code identity; absent in a manifest written before it was recorded. */
  readonly code: CodeIdentity | undefined;
  readonly config: WalkForwardConfig;
  readonly dataFingerprint: string;
};

/**
 * What changed between two runs' inputs: the code identity's changes (diffCodeIdentity), the config's
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
    // In the identity's own words (engine build, module, imported file); a previous run that
    // recorded none counts as other code.
    codeChanges: current.code === undefined ? [] : diffCodeIdentity(previous.code, current.code),
    configChanges: diffConfig(previous.config, current.config),
    data: previous.dataFingerprint === current.dataFingerprint ? null : { revisions: options.revisions, note: options.dataNote },
  };
}

function diffConfig(a: WalkForwardConfig, b: WalkForwardConfig): string[] {
  // Both configs in their canonical form (keys sorted at every level), section by section.
  const before = JSON.parse(canonicalConfigJson(a)) as CanonicalConfig;
  const after = JSON.parse(canonicalConfigJson(b)) as CanonicalConfig;
  const text = (value: unknown): string => JSON.stringify(value) ?? 'undefined';
  const changes: string[] = [];
  for (const key of ['universe', 'portfolio', 'windows', 'objective', 'gates'] as const) if (text(before[key]) !== text(after[key])) changes.push(key);
  const specs = (config: CanonicalConfig): Map<string, string> => new Map(config.factors.map((spec) => [spec.id, text(spec)]));
  const beforeSpecs = specs(before);
  const afterSpecs = specs(after);
  for (const id of [...new Set([...beforeSpecs.keys(), ...afterSpecs.keys()])].sort()) {
    if (beforeSpecs.get(id) !== afterSpecs.get(id)) changes.push(`factors.${id}`);
  }
  if (text(before.factorModules) !== text(after.factorModules)) changes.push('factor_modules');
  return changes;
}

type CanonicalConfig = Record<'universe' | 'portfolio' | 'windows' | 'objective' | 'gates' | 'factorModules', unknown> & {
  readonly factors: readonly { readonly id: string }[];
};
