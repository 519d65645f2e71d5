import { WfError } from '../errors/WfError.js';

/** One problem of a config file: where (a dotted key path, '' for the whole file) and what. */
export type ConfigProblem = {
  /** e.g. `portfolio.quantiles`, `factors.2.space.lookback`; '' for the file as a whole. */
  readonly keyPath: string;
  /** e.g. `expected an integer >= 2, got "five"`. */
  readonly problem: string;
};

export type ConfigErrorOptions = {
  /** The config file as named by the caller. */
  readonly file: string;
  readonly problems: readonly ConfigProblem[];
  readonly cause?: unknown;
};

/**
 * An invalid walk-forward config (PROTOCOL section 10): every problem found, one per
 * message line as `file: key.path: problem`. Subclasses cover an unreadable file and YAML
 * syntax errors, so `instanceof ConfigError` catches any config failure.
 */
export class ConfigError extends WfError {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  /** `code` is set by the subclasses; a plain ConfigError is `CONFIG_INVALID`. */
  constructor(options: ConfigErrorOptions, code = 'CONFIG_INVALID') {
    super(code, formatProblems(options.file, options.problems), withCause(options.cause));
    this.file = options.file;
    this.problems = options.problems;
  }
}

/** The config file does not exist or cannot be read. */
export class ConfigFileError extends ConfigError {
  constructor(options: ConfigErrorOptions) {
    super(options, 'CONFIG_FILE_UNREADABLE');
  }
}

/**
 * The config file is not valid YAML; `line` and `column` (1-based) locate the first error,
 * both 0 when the problem has no position (too many alias expansions).
 */
export class ConfigSyntaxError extends ConfigError {
  readonly line: number;
  readonly column: number;

  constructor(options: ConfigErrorOptions & { readonly line: number; readonly column: number }) {
    super(options, 'CONFIG_YAML_SYNTAX');
    this.line = options.line;
    this.column = options.column;
  }
}

function withCause(cause: unknown): { cause?: unknown } | undefined {
  return cause === undefined ? undefined : { cause };
}

function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => (p.keyPath === '' ? `${file}: ${p.problem}` : `${file}: ${p.keyPath}: ${p.problem}`))
    .join('\n');
}
