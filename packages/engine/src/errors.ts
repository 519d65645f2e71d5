import { describeSystemError, systemErrorCode } from './errors/describeSystemError.js';
import { quoteText } from './errors/quoteText.js';
import { formatGb } from './util/formatGb.js';

/**
 * Base of every known failure in the project. A CLI prints `message` on one line and
 * exits 2 for any WfError; anything else is a bug and gets its stack printed.
 * Subclasses set a stable `code` and keep the facts as fields.
 */
export class WfError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `error` is one of the project's known failures (a one-line message suffices). */
export function isWfError(error: unknown): error is WfError {
  return error instanceof WfError;
}

// Failures several stages share: one class and one code each.

/**
 * A file or folder the project writes (a cache entry, a run file, a report, sample data)
 * could not be written. The message names its role, the path and the errno
 * (`ENOSPC (no space left on device)`, `EACCES (permission denied)`, `EROFS`).
 */
export class FileWriteError extends WfError {
  /** The role of what was written, e.g. `panel cache file`, `gate report`, `sample data folder`. */
  readonly what: string;
  readonly path: string;
  /** The errno code of the failed write, e.g. `ENOSPC`; null when it had none. */
  readonly errno: string | null;

  constructor(facts: { what: string; path: string; cause: unknown }) {
    super('FILE_WRITE', `cannot write ${facts.what} "${facts.path}": ${describeSystemError(facts.cause)}`, { cause: facts.cause });
    this.what = facts.what;
    this.path = facts.path;
    this.errno = systemErrorCode(facts.cause);
  }
}

/**
 * A cache file or folder could not be listed, stat-ed, read or removed (permissions, not a
 * folder, ...; a file vanishing under housekeeping is tolerated). Writes fail as FileWriteError.
 */
export class CacheIoError extends WfError {
  /** The role of the entry, e.g. `signal cache entry`, `window cache entry`, `cache folder`. */
  readonly what: string;
  readonly path: string;
  readonly operation: 'list' | 'stat' | 'read' | 'remove';

  constructor(facts: { what: string; path: string; operation: 'list' | 'stat' | 'read' | 'remove'; cause: unknown }) {
    super('CACHE_IO', `cannot ${facts.operation} ${facts.what} "${facts.path}": ${describeSystemError(facts.cause)}`, { cause: facts.cause });
    this.what = facts.what;
    this.path = facts.path;
    this.operation = facts.operation;
  }
}

/** Why an output folder (of a walk-forward run, a gate run, a sweep) cannot be used as asked. */
export type OutputDirProblem = 'not_empty' | 'not_a_folder' | 'unreadable' | 'not_resumable';

/** The facts of an OutputDirError, one shape per problem. */
export type OutputDirErrorFacts =
  /** It holds files (`entries`, lock files excluded) and neither resume nor force was asked for; `remedy` names the flags. */
  | { readonly outDir: string; readonly problem: 'not_empty'; readonly entries: readonly string[]; readonly remedy: string }
  /** A file where a folder is expected. */
  | { readonly outDir: string; readonly problem: 'not_a_folder' }
  /** The folder, or `file` inside it, cannot be read. */
  | { readonly outDir: string; readonly problem: 'unreadable'; readonly file?: string; readonly cause: unknown }
  /** `--resume` of a folder that holds no state to resume from; `detail` says what is missing or broken. */
  | { readonly outDir: string; readonly problem: 'not_resumable'; readonly detail: string; readonly cause?: unknown };

const OUTPUT_DIR_CODES: Readonly<Record<OutputDirProblem, string>> = {
  not_empty: 'OUTPUT_DIR_NOT_EMPTY',
  not_a_folder: 'OUTPUT_DIR_NOT_A_FOLDER',
  unreadable: 'OUTPUT_DIR_UNREADABLE',
  not_resumable: 'OUTPUT_DIR_NOT_RESUMABLE',
};

/**
 * An output folder that cannot be used as asked, checked before any work: not empty without
 * resume or force, a file, unreadable, or nothing to resume. One code per problem
 * (`OUTPUT_DIR_NOT_EMPTY`, ...), shared by walk-forward, the gate run and the optimizer.
 */
export class OutputDirError extends WfError {
  readonly outDir: string;
  readonly problem: OutputDirProblem;
  /** For `not_empty`: the entries found, sorted; otherwise empty. */
  readonly entries: readonly string[];

  constructor(facts: OutputDirErrorFacts) {
    super(OUTPUT_DIR_CODES[facts.problem], `output folder ${facts.outDir}: ${describeOutputDirProblem(facts)}`, 'cause' in facts ? { cause: facts.cause } : undefined);
    this.outDir = facts.outDir;
    this.problem = facts.problem;
    this.entries = facts.problem === 'not_empty' ? [...facts.entries].sort() : [];
  }
}

function describeOutputDirProblem(facts: OutputDirErrorFacts): string {
  switch (facts.problem) {
    case 'not_empty': {
      const sorted = [...facts.entries].sort();
      const shown = sorted.slice(0, 3).join(', ') + (sorted.length > 3 ? ', ...' : '');
      return `it is not empty (${shown}); ${facts.remedy}`;
    }
    case 'not_a_folder':
      return 'it is a file, not a folder';
    case 'unreadable':
      return `cannot read ${facts.file ?? 'it'}: ${describeSystemError(facts.cause)}`;
    case 'not_resumable':
      return facts.detail;
  }
}

/**
 * `--resume` of an output folder written by another run: its state file (run.json of a
 * shard, manifest.json of a gate run, a sweep's run.json or checkpoint) records another
 * `field` (run key, config sha256, data fingerprint, shard plan, ...) than this run has.
 */
export class ResumeMismatchError extends WfError {
  readonly stateFile: string;
  /** What differs, e.g. `run key`, `config sha256`, `data fingerprint`. */
  readonly field: string;
  readonly found: string;
  readonly expected: string;

  constructor(facts: { stateFile: string; field: string; found: string; expected: string; remedy: string }) {
    super('RESUME_MISMATCH', `cannot resume: ${facts.stateFile} has ${facts.field} ${facts.found}, this run has ${facts.expected}; ${facts.remedy}`);
    this.stateFile = facts.stateFile;
    this.field = facts.field;
    this.found = facts.found;
    this.expected = facts.expected;
  }
}

/**
 * The output folder's files cannot be the partial output of this run: a walk-forward run's
 * missing run.json, foreign rows or rows out of order; a sweep's results store holding fewer
 * records than its checkpoint vouches for.
 */
export class ResumeStateError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('RESUME_STATE', `cannot resume from ${facts.file}: ${facts.problem}; use --force to start over`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}

// Failures of one domain (cache, config, data, factors, identity, ledger, portfolio, sample, universe).

/** A value cannot be written as canonical JSON (it has no single, lossless JSON form). */
export class CanonicalJsonError extends WfError {
  /** JSON-pointer-like path of the offending value, e.g. `/universe/topN`. */
  readonly path: string;
  readonly valueText: string;

  constructor(options: { path: string; valueText: string; expected: string }) {
    super(
      'CANONICAL_JSON_UNSUPPORTED',
      `cannot write ${options.valueText} at "${options.path || '/'}" as canonical JSON: expected ${options.expected}`,
    );
    this.path = options.path;
    this.valueText = options.valueText;
  }
}

/** A signal cache key is not 64 lowercase hex characters (as made by signalCacheKey). */
export class InvalidCacheKeyError extends WfError {
  readonly key: string;

  constructor(key: string) {
    super('CACHE_KEY_INVALID', `invalid signal cache key "${key}": expected 64 lowercase hex characters (sha256)`);
    this.key = key;
  }
}

/** A bundle given to SignalCache.put holds something other than named Float64Array/Int32Array values. */
export class InvalidSignalBundleError extends WfError {
  readonly arrayName: string;

  constructor(options: { arrayName: string; problem: string }) {
    super('CACHE_BUNDLE_INVALID', `invalid signal bundle entry "${options.arrayName}": ${options.problem}`);
    this.arrayName = options.arrayName;
  }
}

/** The cache folder given to a housekeeping command is missing, not a folder, or unreadable. */
export class CacheDirError extends WfError {
  readonly dir: string;
  readonly problem: string;

  constructor(options: { dir: string; problem: string; cause?: unknown }) {
    super('CACHE_DIR', `cache folder "${options.dir}": ${options.problem}`, { cause: options.cause });
    this.dir = options.dir;
    this.problem = options.problem;
  }
}

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

/**
 * A data CSV whose header (line 1) lacks a required column or names one twice
 * (PROTOCOL section 1, "missing column"). Never downgraded to a warning.
 */
export class CsvHeaderError extends WfError {
  /** File as shown to the user, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  readonly column: string;
  readonly problem: 'missing_column' | 'duplicate_column';
  /** The header cells as read. */
  readonly header: readonly string[];

  constructor(options: {
    readonly file: string;
    readonly column: string;
    readonly problem: 'missing_column' | 'duplicate_column';
    readonly header: readonly string[];
    readonly expected: readonly string[];
    /** Where the header is: `line 1` (default, a CSV) or `schema` (a Parquet file). */
    readonly where?: string;
  }) {
    const shown = options.header.length === 0 ? 'the file is empty' : `header ${quoteText(options.header.join(','))}`;
    const what =
      options.problem === 'missing_column'
        ? `missing column ${quoteText(options.column)}`
        : `column ${quoteText(options.column)} appears more than once`;
    super(
      options.problem === 'missing_column' ? 'CSV_MISSING_COLUMN' : 'CSV_DUPLICATE_COLUMN',
      `${options.file} ${options.where ?? 'line 1'}: ${what} (${shown}; expected columns ${options.expected.join(',')})`,
    );
    this.file = options.file;
    this.column = options.column;
    this.problem = options.problem;
    this.header = options.header;
  }
}

/** What is wrong with one data row (PROTOCOL section 1, "bad input is an error naming file and line"). */
export type CsvRowProblem =
  | 'not_a_number'
  | 'negative'
  | 'bad_date'
  | 'duplicate_date'
  | 'unsorted_date'
  | 'date_not_in_calendar'
  | 'field_count'
  | 'missing_symbol'
  | 'bad_value';

export type CsvRowErrorOptions = {
  /** File as shown to the user: `<folder name>/<file name>`, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  /** 1-based line of the row in the file (of the data row in a Parquet file: see `unit`). */
  readonly line: number;
  /** `line` (default, a CSV line) or `row` (a Parquet file's data row, 1-based). */
  readonly unit?: 'line' | 'row';
  /** Offending column, or null when the whole row is wrong (`field_count`). */
  readonly column: string | null;
  /** The offending text (the whole row, comma-joined, for `field_count`). */
  readonly value: string;
  readonly problem: CsvRowProblem;
  /** What was wrong and what was expected, quoting the value; prefixed with file and line. */
  readonly detail: string;
};

/**
 * A bad row or cell in a data CSV: unparsable number, negative price or volume, bad,
 * duplicate, unsorted or off-calendar date, or a row with the wrong number of fields
 * (a truncated last row included). In lenient mode the loader turns it into a warning.
 */
export class CsvRowError extends WfError {
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  readonly value: string;
  readonly problem: CsvRowProblem;

  constructor(options: CsvRowErrorOptions) {
    super('CSV_ROW_ERROR', `${options.file} ${options.unit ?? 'line'} ${options.line}: ${options.detail}`);
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.value = options.value;
    this.problem = options.problem;
  }
}

/**
 * A data CSV that is not valid CSV (e.g. a quote never closed); the parser's error is the
 * cause. csv-parse's reason can quote the input, so it is kept to one line of bounded length.
 */
export class CsvSyntaxError extends WfError {
  /** File as shown to the user, e.g. `prices/AAPL_data.csv`. */
  readonly file: string;
  /** 1-based line where the parser stopped. */
  readonly line: number;

  constructor(options: { readonly file: string; readonly line: number; readonly reason: string; readonly cause: unknown }) {
    super('CSV_SYNTAX', `${options.file} line ${options.line}: not valid CSV: ${boundedReason(options.reason)}`, {
      cause: options.cause,
    });
    this.file = options.file;
    this.line = options.line;
  }
}

/** The parser's reason on one line, at most 200 characters (it may quote a huge field). */
function boundedReason(reason: string): string {
  const flat = reason.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 199)}… (${flat.length} characters)` : flat;
}

/** A Parquet file of a long table or score table that cannot be decoded (not Parquet, truncated, an unsupported encoding). */
export class ParquetReadError extends WfError {
  /** File as shown to the user. */
  readonly file: string;

  constructor(options: { readonly file: string; readonly reason: string; readonly cause: unknown }) {
    super('PARQUET_UNREADABLE', `${options.file}: not a readable Parquet file: ${boundedReason(options.reason)}`, { cause: options.cause });
    this.file = options.file;
  }
}

/** Which input of PROTOCOL section 1 a path was given for (`prices_table`: a long table, config `data.table`). */
export type DataRole = 'prices' | 'prices_table' | 'market_caps' | 'calendar';

/** What a data path should be. */
export type DataPathKind = 'folder' | 'file';

/** `prices folder`, `market caps file`, `calendar file`. */
function labelOf(role: DataRole, expected: DataPathKind): string {
  return role === 'calendar' ? 'calendar file' : `${role.replaceAll('_', ' ')} ${expected}`;
}

/**
 * A configured data folder or file that does not exist (ENOENT), or is not a folder / not
 * a file; any other failure to read it is a DataUnreadableError.
 */
export class DataNotFoundError extends WfError {
  readonly role: DataRole;
  /** The absolute path that was looked up. */
  readonly path: string;

  constructor(options: { readonly role: DataRole; readonly path: string; readonly expected: DataPathKind; readonly cause?: unknown }) {
    const code = systemErrorCode(options.cause);
    const what =
      code === 'ENOENT' ? 'does not exist' : code === null || code === 'ENOTDIR' ? `is not a ${options.expected}` : `does not exist or is not a ${options.expected}`;
    super('DATA_NOT_FOUND', `${labelOf(options.role, options.expected)} "${options.path}" ${what}`, {
      cause: options.cause,
    });
    this.role = options.role;
    this.path = options.path;
  }
}

/** A data folder or file that exists but cannot be read: the errno (EACCES, EISDIR, EIO, ...) is named. */
export class DataUnreadableError extends WfError {
  readonly role: DataRole;
  /** The absolute path whose read failed. */
  readonly path: string;
  /** The errno code, e.g. `EACCES`; null when the failure had none. */
  readonly errno: string | null;

  constructor(options: { readonly role: DataRole; readonly path: string; readonly expected: DataPathKind; readonly cause: unknown }) {
    super('DATA_UNREADABLE', `cannot read ${labelOf(options.role, options.expected)} "${options.path}": ${describeSystemError(options.cause)}`, {
      cause: options.cause,
    });
    this.role = options.role;
    this.path = options.path;
    this.errno = systemErrorCode(options.cause);
  }
}

/**
 * The error for a failed look-up or read of a data path: DataNotFoundError when it is
 * absent (ENOENT) or not the kind of entry expected (ENOTDIR), DataUnreadableError naming
 * the errno otherwise, so a permission problem is never reported as a missing file.
 */
export function dataAccessError(options: { readonly role: DataRole; readonly path: string; readonly expected: DataPathKind; readonly cause: unknown }): WfError {
  const code = systemErrorCode(options.cause);
  return code === 'ENOENT' || code === 'ENOTDIR' ? new DataNotFoundError(options) : new DataUnreadableError(options);
}

/** Two files of one folder name the same symbol (`AAPL.csv` and `AAPL_data.csv`). */
export class DuplicateSymbolError extends WfError {
  readonly symbol: string;
  /** The two file names, as shown to the user. */
  readonly files: readonly [string, string];

  constructor(options: { readonly symbol: string; readonly files: readonly [string, string] }) {
    super(
      'DATA_DUPLICATE_SYMBOL',
      `symbol "${options.symbol}" has two files: ${options.files[0]} and ${options.files[1]} (keep one)`,
    );
    this.symbol = options.symbol;
    this.files = options.files;
  }
}

/** A prices or market-caps folder holding no `<SYMBOL>.csv` / `<SYMBOL>_data.csv` file. */
export class EmptyDataFolderError extends WfError {
  readonly role: DataRole;
  /** The absolute path of the folder. */
  readonly path: string;

  constructor(options: { readonly role: DataRole; readonly path: string }) {
    const expected = options.role === 'prices_table' ? '.csv or .parquet file' : '<SYMBOL>.csv or <SYMBOL>_data.csv file';
    super('DATA_FOLDER_EMPTY', `${options.role.replaceAll('_', ' ')} folder "${options.path}" holds no ${expected}`);
    this.role = options.role;
    this.path = options.path;
  }
}

/** An external factor's score table (config `factors[].external`) that does not exist or cannot be read; the errno is named. */
export class ScoreTableError extends WfError {
  readonly factorId: string;
  /** The absolute path of the table. */
  readonly path: string;

  constructor(options: { readonly factorId: string; readonly path: string; readonly cause: unknown }) {
    const code = systemErrorCode(options.cause);
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read: ${describeSystemError(options.cause)}`;
    super('SCORE_TABLE', `score table "${options.path}" of external factor "${options.factorId}" ${what}`, { cause: options.cause });
    this.factorId = options.factorId;
    this.path = options.path;
  }
}

/** A factor id registered twice (a user module reusing a built-in or an earlier module's id). */
export class DuplicateFactorError extends WfError {
  readonly factorId: string;
  /** The user module that brought the second definition, or null when registered directly. */
  readonly modulePath: string | null;

  constructor(factorId: string, modulePath: string | null = null) {
    const source = modulePath === null ? '' : ` (from factor module ${modulePath})`;
    super('FACTOR_DUPLICATE', `factor "${factorId}" is already registered${source}`);
    this.factorId = factorId;
    this.modulePath = modulePath;
  }
}

/** A user factor module imported fine but does not export `factors` as an array of definitions. */
export class FactorModuleExportError extends WfError {
  readonly modulePath: string;
  readonly reason: string;

  constructor(modulePath: string, reason: string) {
    super('FACTOR_MODULE_EXPORT', `factor module ${modulePath} ${reason}: expected \`export const factors = [...]\` of FactorDefinition objects`);
    this.modulePath = modulePath;
    this.reason = reason;
  }
}

/** A user factor module could not be imported: a relative path, a syntax error, or a throw at load. */
export class FactorModuleImportError extends WfError {
  readonly modulePath: string;
  readonly reason: string;

  constructor(options: { modulePath: string; reason: string; cause?: unknown }) {
    super('FACTOR_MODULE_IMPORT', `cannot import factor module ${options.modulePath}: ${options.reason}`, { cause: options.cause });
    this.modulePath = options.modulePath;
    this.reason = options.reason;
  }
}

/** A user factor module named in the config does not exist (PROTOCOL section 3, user factors). */
export class FactorModuleNotFoundError extends WfError {
  readonly modulePath: string;

  constructor(modulePath: string, options?: { cause?: unknown }) {
    super('FACTOR_MODULE_NOT_FOUND', `factor module ${modulePath} does not exist`, options);
    this.modulePath = modulePath;
  }
}

/** An object offered as a FactorDefinition lacks a required member or has a bad one. */
export class InvalidFactorDefinitionError extends WfError {
  /** The definition's id when it has a string one, else null. */
  readonly factorId: string | null;
  /** What is wrong, e.g. `compute must be a function`. */
  readonly reason: string;
  /** The user module that exported it, or null when registered directly. */
  readonly modulePath: string | null;

  constructor(options: { factorId: string | null; reason: string; modulePath: string | null }) {
    const what = options.factorId === null ? 'factor definition' : `factor definition "${options.factorId}"`;
    const source = options.modulePath === null ? '' : ` in factor module ${options.modulePath}`;
    super('FACTOR_DEFINITION_INVALID', `invalid ${what}${source}: ${options.reason}`);
    this.factorId = options.factorId;
    this.reason = options.reason;
    this.modulePath = options.modulePath;
  }
}

/** A parameter set that breaks a factor's constraints (PROTOCOL section 3), e.g. skip >= lookback. */
export class InvalidParamsError extends WfError {
  readonly factorId: string;
  /** The factor's one-line reason, quoting the bad value(s). */
  readonly reason: string;

  constructor(factorId: string, reason: string) {
    super('FACTOR_PARAMS_INVALID', `invalid parameters for factor "${factorId}": ${reason}`);
    this.factorId = factorId;
    this.reason = reason;
  }
}

/** A factor id that no registered factor has (PROTOCOL section 3; user factors, section 3). */
export class UnknownFactorError extends WfError {
  readonly factorId: string;
  /** Every registered id, sorted by code point. */
  readonly knownIds: readonly string[];

  constructor(factorId: string, knownIds: readonly string[]) {
    super('FACTOR_UNKNOWN', `unknown factor "${factorId}": expected one of ${knownIds.join(', ')}`);
    this.factorId = factorId;
    this.knownIds = knownIds;
  }
}

/** A parameter name that the factor does not declare in its defaults (PROTOCOL sections 3, 10). */
export class UnknownParamError extends WfError {
  readonly factorId: string;
  readonly param: string;
  /** The factor's parameter names, sorted by code point. */
  readonly knownParams: readonly string[];

  constructor(options: { factorId: string; param: string; knownParams: readonly string[] }) {
    const known = options.knownParams.length === 0 ? 'it takes no parameters' : `expected one of ${options.knownParams.join(', ')}`;
    super('FACTOR_PARAM_UNKNOWN', `factor "${options.factorId}" has no parameter "${options.param}": ${known}`);
    this.factorId = options.factorId;
    this.param = options.param;
    this.knownParams = options.knownParams;
  }
}

/**
 * The code of a user factor module cannot be identified: a file cannot be read or lexed, or
 * an import names something that cannot be followed statically (`import(variable)`, a `#`
 * subpath import). Refused rather than guessed, since a cache key must name all the code.
 */
export class CodeIdentityError extends WfError {
  readonly modulePath: string;
  readonly file: string;
  readonly reason: string;

  constructor(facts: { modulePath: string; file: string; reason: string; cause?: unknown }) {
    super('CODE_IDENTITY', `cannot identify the code of factor module ${facts.modulePath}: ${facts.file}: ${facts.reason}`, {
      cause: facts.cause,
    });
    this.modulePath = facts.modulePath;
    this.file = facts.file;
    this.reason = facts.reason;
  }
}

/** A trial ledger that cannot be read, parsed, locked or written (PROTOCOL section 8b). */
export class LedgerError extends WfError {
  readonly file: string;
  /** 1-based line of a malformed row, or null when the problem is not one line's. */
  readonly line: number | null;
  readonly problem: string;

  constructor(facts: { file: string; line?: number | null; problem: string; cause?: unknown }) {
    const where = facts.line == null ? facts.file : `${facts.file}:${facts.line}`;
    super('LEDGER_INVALID', `trial ledger ${where}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.file = facts.file;
    this.line = facts.line ?? null;
    this.problem = facts.problem;
  }
}

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

/** An array handed to the ranking or the simulation does not have the panel's shape. */
export class ShapeMismatchError extends WfError {
  readonly what: string;
  readonly expectedLength: number;
  readonly actualLength: number;

  constructor(facts: { what: string; expectedLength: number; actualLength: number }) {
    super(
      'SHAPE_MISMATCH',
      `${facts.what} has length ${facts.actualLength}, expected ${facts.expectedLength} (the panel's shape)`,
    );
    this.what = facts.what;
    this.expectedLength = facts.expectedLength;
    this.actualLength = facts.actualLength;
  }
}

/** Throws a ShapeMismatchError unless `actualLength === expectedLength`. */
export function checkLength(what: string, actualLength: number, expectedLength: number): void {
  if (actualLength !== expectedLength) throw new ShapeMismatchError({ what, expectedLength, actualLength });
}

/** The sample data folder already has files and overwriting was not requested (`--force`). */
export class SampleDirNotEmptyError extends WfError {
  readonly dir: string;
  readonly entries: number;

  constructor(options: { dir: string; entries: number }) {
    super(
      'SAMPLE_DIR_NOT_EMPTY',
      `refusing to write sample data into "${options.dir}": it already holds ${options.entries} entries (use --force to overwrite)`,
    );
    this.dir = options.dir;
    this.entries = options.entries;
  }
}

/** An option of the synthetic market generator is out of range. */
export class SampleMarketOptionsError extends WfError {
  readonly option: string;
  readonly value: unknown;

  constructor(options: { option: string; value: unknown; expected: string }) {
    super('SAMPLE_OPTION_INVALID', `invalid sample market option ${options.option}=${String(options.value)}: expected ${options.expected}`);
    this.option = options.option;
    this.value = options.value;
  }
}

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

/**
 * A segment [start, end] of realized days does not fit the calendar: it needs
 * 1 <= start <= end <= nDates - 1 (the first realized day needs a signal date before it).
 */
export class SegmentOutOfRangeError extends WfError {
  readonly start: number;
  readonly end: number;
  readonly nDates: number;

  constructor(facts: { start: number; end: number; nDates: number; firstDay?: number }) {
    super(
      'SEGMENT_OUT_OF_RANGE',
      `segment [${facts.start}, ${facts.end}] does not fit a calendar of ${facts.nDates} dates ` +
        `(expected integers with ${facts.firstDay ?? 1} <= start <= end <= ${facts.nDates - 1})`,
    );
    this.start = facts.start;
    this.end = facts.end;
    this.nDates = facts.nDates;
  }
}

/**
 * Work whose estimated memory exceeds the run's limit (`--max-memory-gb`, or the machine's
 * memory): refused before its arrays are allocated (checkMemoryNeed), naming the size needed.
 */
export class MemoryLimitError extends WfError {
  readonly needBytes: number;
  readonly limitBytes: number;

  constructor(facts: { what: string; needBytes: number; limitBytes: number; source: string; hint: string }) {
    super('MEMORY_LIMIT', `${facts.what} needs an estimated ${formatGb(facts.needBytes)} of memory, more than ${facts.source} (${formatGb(facts.limitBytes)}): ${facts.hint}`);
    this.needBytes = facts.needBytes;
    this.limitBytes = facts.limitBytes;
  }
}
