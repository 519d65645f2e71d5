import type { BenchScenario } from './BenchScenario.js';
import { UnknownScenarioError } from '../errors.js';

/**
 * The scenarios named by `names` (ids, or groups: `walk-forward`, `optimizer`,
 * `optimizer-<group>`), in the catalogue's order; null = all.
 */
export function selectScenarios(all: readonly BenchScenario[], names: readonly string[] | null): BenchScenario[] {
  if (names === null) return [...all];
  const wanted = new Set<string>();
  for (const name of names) {
    const matches = all.filter((x) => x.id === name || x.group === name || (name === 'optimizer' && x.group.startsWith('optimizer-')));
    if (matches.length === 0) throw new UnknownScenarioError({ scenario: name, known: all.map((x) => x.id) });
    for (const m of matches) wanted.add(m.id);
  }
  return all.filter((x) => wanted.has(x.id));
}
