import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { FileWriteError, OutputDirError } from '../errors.js';

/** Options of {@link prepareRunDir}: the run folder and the flags its tool was given. */
export type PrepareRunDirOptions = {
  /** The run folder (`--out`). */
  readonly outDir: string;
  /** `--resume`: a folder that holds files is continued. */
  readonly resume: boolean;
  /** `--force`: a folder that holds files is started over (the caller removes its own files); null for a tool without the flag. */
  readonly force: boolean | null;
  /** Entries that do not count: the folder's lock files, an appended log, a temp file. None by default. */
  readonly ignore?: (name: string) => boolean;
  /** Create the folder when absent (default true); false for the quick check before taking the folder's lock, which creates it. */
  readonly create?: boolean;
};

/**
 * Readies the run folder of a walk-forward shard, a gate run or a sweep, before any work:
 * refuses a folder that holds files (other than the ignored ones) unless `resume` or `force`
 * is set, then creates it when absent. Returns the entries that count, sorted (none when it
 * was absent). The refusal is one line naming the folder and the flag to pass.
 * @throws OutputDirError (OUTPUT_DIR_NOT_EMPTY, OUTPUT_DIR_NOT_A_FOLDER, OUTPUT_DIR_UNREADABLE),
 * FileWriteError when the folder cannot be created.
 */
export function prepareRunDir(options: PrepareRunDirOptions): string[] {
  const { outDir, resume, force, ignore } = options;
  let entries: string[];
  try {
    if (!statSync(outDir).isDirectory()) throw new OutputDirError({ outDir, problem: 'not_a_folder' });
    entries = readdirSync(outDir);
  } catch (error) {
    if (error instanceof OutputDirError) throw error;
    if ((error as { code?: unknown }).code !== 'ENOENT') throw new OutputDirError({ outDir, problem: 'unreadable', cause: error });
    if (options.create !== false) createDir(outDir);
    return [];
  }
  const counted = (ignore === undefined ? entries : entries.filter((name) => !ignore(name))).sort();
  if (counted.length > 0 && !resume && force !== true) {
    const remedy = force === null ? 'pass --resume to continue it or choose a new --out' : 'pass --resume to continue it or --force to overwrite it';
    throw new OutputDirError({ outDir, problem: 'not_empty', entries: counted, remedy });
  }
  return counted;
}

function createDir(outDir: string): void {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new FileWriteError({ what: 'output folder', path: outDir, cause: error });
  }
}
