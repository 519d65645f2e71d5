import type { FactorSpec } from '../../config/WalkForwardConfig.js';
import type { FactorRegistry } from '../FactorRegistry.js';
import { createExternalFactor } from './createExternalFactor.js';

/**
 * Registers the config's external factors (`factors[].external`, score tables) in `registry`,
 * in config order, after the built-ins and user modules (an id already taken is a
 * DuplicateFactorError). Every process that builds a registry from the config calls it.
 */
export async function registerExternalFactors(registry: FactorRegistry, factors: readonly FactorSpec[]): Promise<void> {
  for (const spec of factors) {
    if (spec.external !== undefined) registry.register(await createExternalFactor({ id: spec.id, table: spec.external }));
  }
}

/** The score tables of a config's external factors (absolute paths, config order), for the code identity. */
export function scoreTablesOf(factors: readonly FactorSpec[]): { readonly factor: string; readonly path: string }[] {
  return factors.flatMap((spec) => (spec.external === undefined ? [] : [{ factor: spec.id, path: spec.external }]));
}
