import { WfError, describeSystemError, systemErrorCode } from '@wf/engine';
import type { ConfigProblem } from '@wf/engine';

/** A freeze manifest that cannot be read or written, or is not a freeze written by `--write-freeze`. */
export class FreezeFileError extends WfError {
  readonly path: string;
  readonly problem: string;

  constructor(facts: { path: string; problem: string; cause?: unknown }) {
    super('GATES_FREEZE_FILE', `freeze file ${facts.path}: ${facts.problem}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.path = facts.path;
    this.problem = facts.problem;
  }
}

/** The config's factors differ from its freeze manifest (`freeze:` key); `diff` has one line per difference. */
export class FreezeMismatchError extends WfError {
  readonly freezePath: string;
  readonly diff: readonly string[];

  constructor(facts: { freezePath: string; diff: readonly string[] }) {
    super(
      'GATES_FREEZE_MISMATCH',
      `the config's factors differ from the freeze ${facts.freezePath} (${facts.diff.length} difference${facts.diff.length === 1 ? '' : 's'}): ${facts.diff.join('; ')}`,
    );
    this.freezePath = facts.freezePath;
    this.diff = facts.diff;
  }
}

/**
 * A config the gate run refuses before starting any shard: every problem found (the
 * engine's config checks plus the factor registry's: unknown ids, bad params, empty
 * spaces), each with its key path, on one line separated by `; `.
 */
export class GateConfigError extends WfError {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(facts: { file: string; problems: readonly ConfigProblem[]; cause?: unknown }) {
    const listed = facts.problems.map((p) => (p.keyPath === '' ? p.problem : `${p.keyPath}: ${p.problem}`));
    const count = facts.problems.length === 1 ? '' : ` (${facts.problems.length} problems)`;
    super('GATES_CONFIG_INVALID', `config ${facts.file}${count}: ${listed.join('; ')}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.file = facts.file;
    this.problems = facts.problems;
  }
}

/** Merged walk-forward files that cannot feed the gates (a missing column, rows that do not line up). */
export class GateInputError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('GATE_INPUT', `cannot compute gates from ${facts.file}: ${facts.problem}`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}

/** A table `wf-export` cannot read: a value of the wrong type, a malformed record (file, line and column in `problem`). */
export class ExportInputError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('EXPORT_INPUT', `cannot export ${facts.file}: ${facts.problem}`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}

/** An orchestrator option (a `wf-gates` flag) with a value outside its range. */
export class GateOptionError extends WfError {
  readonly option: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(facts: { option: string; value: unknown; expected: string }) {
    super('GATES_OPTION_INVALID', `${facts.option} ${JSON.stringify(facts.value) ?? String(facts.value)} is invalid: expected ${facts.expected}`);
    this.option = facts.option;
    this.value = facts.value;
    this.expected = facts.expected;
  }
}

/** The run was stopped (SIGINT/SIGTERM): children were stopped, their rows kept; `--resume` continues. */
export class RunInterruptedError extends WfError {
  readonly outDir: string;
  readonly reason: string;

  constructor(facts: { outDir: string; reason: string }) {
    super('GATES_INTERRUPTED', `run interrupted (${facts.reason}); rows written so far are kept, continue with --resume --out ${facts.outDir}`);
    this.outDir = facts.outDir;
    this.reason = facts.reason;
  }
}

/**
 * A shard's run.json records another code identity than the orchestrator's: the build or a
 * user factor module changed while the run was going, so its files cannot be merged.
 */
export class ShardCodeMismatchError extends WfError {
  readonly shard: number;
  /** One phrase per change from the orchestrator's identity to the shard's (see diffCodeIdentity). */
  readonly changes: readonly string[];

  constructor(facts: { shard: number; changes: readonly string[] }) {
    super('GATES_SHARD_CODE_MISMATCH', `shard ${facts.shard} ran other code than this run: ${facts.changes.join('; ')}; start a new run`);
    this.shard = facts.shard;
    this.changes = facts.changes;
  }
}

/**
 * A shard's run.json names other factors than the job gave it (`--factors`): its launcher did
 * not run the job it was handed, or the folder holds another run's files.
 */
export class ShardFactorsMismatchError extends WfError {
  readonly shard: number;
  readonly given: readonly string[];
  readonly ran: readonly string[];

  constructor(facts: { shard: number; given: readonly string[]; ran: readonly string[] }) {
    super('GATES_SHARD_FACTORS_MISMATCH', `shard ${facts.shard} ran factors [${facts.ran.join(', ')}], its job gave it [${facts.given.join(', ')}]`);
    this.shard = facts.shard;
    this.given = facts.given;
    this.ran = facts.ran;
  }
}

/** One shard that did not finish after all its attempts. */
export type ShardFailure = {
  readonly shard: number;
  readonly attempts: number;
  /** The last attempt's exit, e.g. `exit code 2`, `killed by SIGKILL`, `timed out after 30 s`. */
  readonly exit: string;
  /** The last line the shard wrote that is not a log record (its error message), or ''. */
  readonly lastError: string;
};

/** Shards failed after every retry; the other shards' outputs are kept under shards/<i>/ for a later `--resume`. */
export class ShardsFailedError extends WfError {
  readonly failures: readonly ShardFailure[];

  constructor(failures: readonly ShardFailure[]) {
    const listed = failures.map(
      (f) => `shard ${f.shard} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}, ${f.exit}${f.lastError === '' ? '' : `: ${f.lastError}`})`,
    );
    super('GATES_SHARDS_FAILED', `${failures.length} shard${failures.length === 1 ? '' : 's'} failed: ${listed.join('; ')}`);
    this.failures = failures;
  }
}

/**
 * A shard file repeats a row key (a (factor, window) unit, or its segment, day or candidate):
 * two writers appended to one shard folder, or a file was edited. Never merged: a repeated
 * unit would count twice in every gate metric.
 */
export class DuplicateUnitError extends WfError {
  /** The shard file (path, or the file name when merging texts). */
  readonly file: string;
  /** 1-based line of the repeat. */
  readonly line: number;
  /** The key, `column=value` joined by `, `. */
  readonly key: string;
  readonly firstFile: string;
  readonly firstLine: number;

  constructor(facts: { file: string; line: number; key: string; firstFile: string; firstLine: number }) {
    const where = facts.firstFile === facts.file ? `line ${facts.firstLine}` : `line ${facts.firstLine} of ${facts.firstFile}`;
    super(
      'MERGE_DUPLICATE_UNIT',
      `cannot merge ${facts.file} line ${facts.line}: (${facts.key}) repeats ${where}; every unit must be written once (did two runs write into one shard folder?)`,
    );
    this.file = facts.file;
    this.line = facts.line;
    this.key = facts.key;
    this.firstFile = facts.firstFile;
    this.firstLine = facts.firstLine;
  }
}

/** Shard files that cannot be merged: different headers, or one factor in two shards. */
export class MergeError extends WfError {
  readonly file: string;
  readonly problem: string;

  constructor(facts: { file: string; problem: string }) {
    super('MERGE_FAILED', `cannot merge ${facts.file}: ${facts.problem}`);
    this.file = facts.file;
    this.problem = facts.problem;
  }
}

/** The same factor id given twice to the shard planner. */
export class DuplicateShardFactorError extends WfError {
  readonly factorId: string;

  constructor(factorId: string) {
    super('DUPLICATE_SHARD_FACTOR', `factor "${factorId}" is listed twice; each factor belongs to exactly one shard`);
    this.factorId = factorId;
  }
}

/** `--shard-count` that is not a positive integer. */
export class InvalidShardCountError extends WfError {
  readonly shardCount: number;

  constructor(shardCount: number) {
    super('INVALID_SHARD_COUNT', `shard count ${String(shardCount)} is invalid; expected an integer >= 1`);
    this.shardCount = shardCount;
  }
}

/**
 * The run's estimated peak memory (@wf/walk-forward estimateRunMemory) exceeds the machine's memory or
 * `--max-memory-gb`: refused before any shard starts, naming what would fit.
 */
export class MemoryBudgetError extends WfError {
  readonly estimatedBytes: number;
  readonly limitBytes: number;

  constructor(facts: { estimatedBytes: number; limitBytes: number; message: string }) {
    super('MEMORY_BUDGET', facts.message);
    this.estimatedBytes = facts.estimatedBytes;
    this.limitBytes = facts.limitBytes;
  }
}
