import { checkFactorDefinition } from './checkFactorDefinition.js';
import { compareCodePoints } from '../util/compareCodePoints.js';
import { DuplicateFactorError, InvalidFactorDefinitionError, UnknownFactorError } from '../errors.js';
import type { FactorDefinition } from './FactorDefinition.js';

/**
 * The factors a run may name (PROTOCOL section 3): the built-ins plus any registered from
 * user modules. Ids are unique; listing order is code-point order of the ids.
 */
export class FactorRegistry {
  readonly #factors = new Map<string, FactorDefinition>();

  /**
   * Adds `factor`. Throws InvalidFactorDefinitionError when it is malformed (see
   * checkFactorDefinition) and DuplicateFactorError when its id is taken.
   */
  register(factor: FactorDefinition): void {
    const problem = checkFactorDefinition(factor);
    if (problem !== null) {
      const factorId = typeof factor.id === 'string' ? factor.id : null;
      throw new InvalidFactorDefinitionError({ factorId, reason: problem, modulePath: null });
    }
    if (this.#factors.has(factor.id)) throw new DuplicateFactorError(factor.id);
    this.#factors.set(factor.id, factor);
  }

  /** The factor with this id; UnknownFactorError (listing the known ids) when there is none. */
  get(id: string): FactorDefinition {
    const factor = this.#factors.get(id);
    if (factor === undefined) throw new UnknownFactorError(id, this.ids());
    return factor;
  }

  has(id: string): boolean {
    return this.#factors.has(id);
  }

  /** Registered ids in code-point order. */
  ids(): string[] {
    return [...this.#factors.keys()].sort(compareCodePoints);
  }
}
