import { WfError } from '../errors/WfError.js';

/** A portfolio setting (PROTOCOL section 4 / config key `portfolio`) is out of its domain. */
export class InvalidPortfolioConfigError extends WfError {
  /** Config key under `portfolio`, e.g. `min_names`. */
  readonly key: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(facts: { key: string; value: unknown; expected: string }) {
    super('INVALID_PORTFOLIO_CONFIG', `portfolio.${facts.key} is ${String(facts.value)}, expected ${facts.expected}`);
    this.key = facts.key;
    this.value = facts.value;
    this.expected = facts.expected;
  }
}
