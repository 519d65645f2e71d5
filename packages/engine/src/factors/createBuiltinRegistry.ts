import { BUILTIN_FACTORS } from './builtin/builtinFactors.js';
import { FactorRegistry } from './FactorRegistry.js';

/** A fresh registry holding the ten built-in factors of PROTOCOL section 3. */
export function createBuiltinRegistry(): FactorRegistry {
  const registry = new FactorRegistry();
  for (const factor of BUILTIN_FACTORS) registry.register(factor);
  return registry;
}
