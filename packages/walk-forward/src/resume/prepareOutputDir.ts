import { closeSync, ftruncateSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffCodeIdentity, FileWriteError, ResumeMismatchError, ResumeStateError, writeFileAtomic } from '@wf/engine';
import type { CodeIdentity } from '@wf/engine';
import { ResumeCodeChangedError, RunFileError } from '../errors.js';
import { csvText } from '../output/csvText.js';
import { parseCsvRecords } from '../output/parseCsvRecords.js';
import { PROTOCOL_FILES, RUN_STATE_FILE, SUMMARY_FILE } from '../output/protocolFiles.js';
import type { PlannedUnit, RunState } from './RunState.js';

export type PrepareOutputDirOptions = {
  readonly outDir: string;
  /** Continue the folder's run; otherwise it is assumed empty or `force`d (see prepareRunDir). */
  readonly resume: boolean;
  /** Delete the protocol files and run.json first (never run.log or foreign files). */
  readonly force: boolean;
  readonly state: RunState;
  /** Every unit of this run in processing order (factors by id, windows ascending). */
  readonly units: readonly PlannedUnit[];
};

/** What a resume found. */
export type PreparedOutput = {
  /** How many leading units of `units` are complete and must be skipped. */
  readonly completedUnits: number;
  /** Files whose tail (a torn line or an uncommitted unit's rows) was cut. */
  readonly repairedFiles: readonly string[];
};

/**
 * Makes the output folder (existing: prepareRunDir made it) ready for appending. Fresh or forced: writes run.json and every
 * protocol file's header. Resume: checks run.json's key, then per file (in commit order)
 * checks the header, cuts a torn last line, keeps exactly the rows of the units whose
 * summary row is present (the summary row is written last, so it commits a unit) and cuts
 * the rows of the unit that was being written, so appending the remaining units gives the
 * bytes of an uninterrupted run.
 * @throws ResumeCodeChangedError when run.json records other code (the diff in the message),
 * ResumeMismatchError when run.json belongs to another run, ResumeStateError when
 * the files cannot be a prefix of this run's output, RunFileError or FileWriteError on I/O failure.
 */
export function prepareOutputDir(options: PrepareOutputDirOptions): PreparedOutput {
  const { outDir, state } = options;
  if (options.force) {
    for (const file of PROTOCOL_FILES) removeFile(join(outDir, file.name));
    removeFile(join(outDir, RUN_STATE_FILE));
  }
  if (!options.resume) {
    writeState(outDir, state);
    for (const file of PROTOCOL_FILES) writeText(join(outDir, file.name), csvText([file.columns]));
    return { completedUnits: 0, repairedFiles: [] };
  }
  const existing = PROTOCOL_FILES.map((file) => ({ ...file, text: readOptional(join(outDir, file.name)) }));
  const stateText = readOptional(join(outDir, RUN_STATE_FILE));
  if (stateText === null) {
    const orphan = existing.find((file) => file.text !== null && file.text.length > 0);
    if (orphan !== undefined) {
      throw new ResumeStateError({ file: join(outDir, orphan.name), problem: `there is no ${RUN_STATE_FILE} to tell which run wrote it` });
    }
    writeState(outDir, state);
  } else {
    checkState(join(outDir, RUN_STATE_FILE), stateText, state);
  }

  const summary = existing.find((file) => file.name === SUMMARY_FILE);
  const completedUnits = countCommittedUnits(join(outDir, SUMMARY_FILE), summary?.text ?? null, summary?.columns ?? [], options.units);
  const repairedFiles: string[] = [];
  for (const file of existing) {
    const path = join(outDir, file.name);
    const header = csvText([file.columns]);
    if (file.text === null || file.text.length === 0 || (file.text.length < header.length && header.startsWith(file.text))) {
      // Absent, empty, or torn inside its header: nothing of any unit is in it yet.
      if (completedUnits > 0) throw new ResumeStateError({ file: path, problem: 'it lacks rows of units the summary marks complete' });
      if (file.text !== header) writeText(path, header);
      if (file.text !== null && file.text.length > 0) repairedFiles.push(file.name);
      continue;
    }
    const keep = committedLength({ path, text: file.text, header, fileName: file.name, units: options.units, completedUnits });
    if (keep < file.text.length) {
      truncateTo(path, Buffer.byteLength(file.text.slice(0, keep)));
      repairedFiles.push(file.name);
    }
  }
  return { completedUnits, repairedFiles };
}

/** Leading units of `units` whose summary row is present, checked to be exactly those units in order. */
function countCommittedUnits(path: string, text: string | null, columns: readonly string[], units: readonly PlannedUnit[]): number {
  if (text === null) return 0;
  const header = csvText([columns]);
  if (text.length < header.length && header.startsWith(text)) return 0;
  if (!text.startsWith(header)) throw new ResumeStateError({ file: path, problem: 'its header is not the protocol header' });
  const { records } = parseCsvRecords(text.slice(header.length));
  if (records.length > units.length) {
    throw new ResumeStateError({ file: path, problem: `it has ${records.length} rows but this run has only ${units.length} units` });
  }
  for (let j = 0; j < records.length; j++) {
    const unit = units[j] as PlannedUnit;
    const fields = (records[j] as { fields: string[] }).fields;
    if (fields[0] !== unit.factorId || fields[1] !== String(unit.window)) {
      throw new ResumeStateError({
        file: path,
        problem: `row ${j + 2} is (${fields[0] ?? ''}, ${fields[1] ?? ''}) where this run expects (${unit.factorId}, ${unit.window})`,
      });
    }
  }
  return records.length;
}

type CommittedLengthOptions = {
  readonly path: string;
  readonly text: string;
  readonly header: string;
  readonly fileName: string;
  readonly units: readonly PlannedUnit[];
  readonly completedUnits: number;
};

/** Length of the file's text holding its header and exactly the rows of the committed units. */
function committedLength(options: CommittedLengthOptions): number {
  const { path, text, header, fileName, units, completedUnits } = options;
  if (!text.startsWith(header)) throw new ResumeStateError({ file: path, problem: 'its header is not the protocol header' });
  const { records } = parseCsvRecords(text.slice(header.length));
  let r = 0;
  for (let u = 0; u < completedUnits; u++) {
    const unit = units[u] as PlannedUnit;
    const rows = rowsPerUnit(fileName, unit);
    for (let j = 0; j < rows; j++, r++) {
      const fields = records[r]?.fields;
      if (fields === undefined || fields[0] !== unit.factorId || fields[1] !== String(unit.window)) {
        throw new ResumeStateError({
          file: path,
          problem: `unit (${unit.factorId}, ${unit.window}) is committed in ${SUMMARY_FILE} but row ${r + 2} is not its row ${j + 1} of ${rows}`,
        });
      }
    }
  }
  return header.length + (r === 0 ? 0 : (records[r - 1] as { end: number }).end);
}

function rowsPerUnit(fileName: string, unit: PlannedUnit): number {
  switch (fileName) {
    case 'oos_daily.csv':
      return unit.testDays;
    case 'candidates.csv':
      return unit.candidates;
    case 'universe_audit.csv':
      return 2;
    default:
      return 1;
  }
}

/** run.json must record this run's code identity (checked first, to name what changed) and key. */
function checkState(path: string, text: string, state: RunState): void {
  let found: unknown;
  try {
    found = JSON.parse(text);
  } catch (error) {
    throw new ResumeStateError({ file: path, problem: `it is not valid JSON (${(error as Error).message})` });
  }
  const foundKey = (found as { runKey?: unknown } | null)?.runKey;
  if (typeof foundKey !== 'string') throw new ResumeStateError({ file: path, problem: 'it has no runKey' });
  const changes = diffCodeIdentity((found as { codeIdentity?: CodeIdentity }).codeIdentity, state.codeIdentity);
  if (changes.length > 0) throw new ResumeCodeChangedError({ stateFile: path, changes });
  if (foundKey !== state.runKey) {
    throw new ResumeMismatchError({
      stateFile: path,
      field: 'run key',
      found: foundKey,
      expected: state.runKey,
      remedy: 'the config, data, factors or shard differ; use --force to start over',
    });
  }
}

/** run.json: written to a temp file and renamed, so it is never torn. */
function writeState(outDir: string, state: RunState): void {
  const path = join(outDir, RUN_STATE_FILE);
  try {
    writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
  } catch (error) {
    throw new FileWriteError({ what: 'run state file', path, cause: error });
  }
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw new RunFileError({ path, operation: 'read', cause: error });
  }
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new FileWriteError({ what: 'output file', path, cause: error });
  }
}

function removeFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    throw new RunFileError({ path, operation: 'remove', cause: error });
  }
}

function truncateTo(path: string, bytes: number): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r+');
    ftruncateSync(fd, bytes);
  } catch (error) {
    throw new RunFileError({ path, operation: 'truncate', cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
