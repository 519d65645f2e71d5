import { WfError } from '@wf/engine';
import type { ParamValue } from '@wf/engine';

/** A candidate worker could not start: its script is missing (not built) or its setup failed. */
export class WorkerStartError extends WfError {
  readonly workerScript: string;
  readonly reason: string;

  constructor(options: { workerScript: string; reason: string; cause?: unknown }) {
    super('WORKER_START', `candidate worker ${options.workerScript} could not start: ${options.reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.workerScript = options.workerScript;
    this.reason = options.reason;
  }
}

/** Every candidate of a factor's space fails the factor's constraints. */
export class EmptySpaceError extends WfError {
  readonly factorId: string;

  constructor(factorId: string) {
    super('EMPTY_SPACE', `factor ${factorId}: every candidate of its space violates the factor's constraints`);
    this.factorId = factorId;
  }
}

/**
 * A negative value of a config factor's `space` list, for a parameter whose default is not
 * negative, that fails the factor's constraints in every combination with the other lists
 * (a lookback of -5): it can never become a candidate and is a typo rather than a
 * constraint at work, so it is refused instead of dropped silently (PROTOCOL section 7 drops
 * invalid combinations).
 */
export class SpaceValueNeverValidError extends WfError {
  readonly factorId: string;
  readonly param: string;
  /** 0-based position of the value in its list. */
  readonly index: number;
  readonly value: ParamValue;
  /** The factor's constraint message for the first combination that held the value. */
  readonly reason: string;

  constructor(facts: { factorId: string; param: string; index: number; value: ParamValue; reason: string }) {
    super(
      'SPACE_VALUE_NEVER_VALID',
      `factor ${facts.factorId}: space.${facts.param}[${facts.index}] = ${JSON.stringify(facts.value)} fails the factor's constraints ` +
        `in every combination (${facts.reason}); remove or correct it`,
    );
    this.factorId = facts.factorId;
    this.param = facts.param;
    this.index = facts.index;
    this.value = facts.value;
    this.reason = facts.reason;
  }
}

/** One problem of a space definition: where (`params.lookback.step`) and what is wrong. */
export type SpaceProblem = { readonly keyPath: string; readonly problem: string };

/** A parameter space definition (space file or config `space`) is invalid; every problem is listed. */
export class InvalidSpaceError extends WfError {
  readonly source: string;
  readonly problems: readonly SpaceProblem[];

  constructor(options: { source: string; problems: readonly SpaceProblem[]; cause?: unknown }) {
    const list = options.problems.map((p) => (p.keyPath === '' ? p.problem : `${p.keyPath}: ${p.problem}`)).join('; ');
    super('INVALID_SPACE', `invalid parameter space in ${options.source}: ${list}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.source = options.source;
    this.problems = options.problems;
  }
}

/** A complete line of a results store (not the torn last one) is not a result record. */
export class ResultsStoreCorruptError extends WfError {
  readonly file: string;
  readonly line: number;

  constructor(options: { file: string; line: number; text: string }) {
    const shown = options.text.length > 80 ? `${options.text.slice(0, 80)}...` : options.text;
    super('RESULTS_STORE_CORRUPT', `${options.file}:${options.line}: not a result record: ${JSON.stringify(shown)}`);
    this.file = options.file;
    this.line = options.line;
  }
}

/** A sweep option has a bad value (`option` names it as the CLI flag does, e.g. `budget`). */
export class InvalidSweepOptionsError extends WfError {
  readonly option: string;

  constructor(option: string, problem: string) {
    super('INVALID_SWEEP_OPTIONS', `--${option}: ${problem}`);
    this.option = option;
  }
}
