import { WfError } from '../errors/WfError.js';

/** A universe setting (PROTOCOL section 2 / config key `universe`) is out of its domain. */
export class InvalidUniverseConfigError extends WfError {
  /** Config key under `universe`, e.g. `top_n`. */
  readonly key: string;
  readonly value: number;
  readonly expected: string;

  constructor(facts: { key: string; value: number; expected: string }) {
    super('INVALID_UNIVERSE_CONFIG', `universe.${facts.key} is ${String(facts.value)}, expected ${facts.expected}`);
    this.key = facts.key;
    this.value = facts.value;
    this.expected = facts.expected;
  }
}
