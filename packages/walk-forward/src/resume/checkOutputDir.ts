import { readdirSync, statSync } from 'node:fs';
import { OutputDirError } from '@wf/engine';
import { InvalidRunOptionError } from '../errors.js';
import { RUN_LOG_FILE } from '../output/protocolFiles.js';
import { isLockFileName } from './RunFolderLock.js';

export type CheckOutputDirOptions = {
  readonly outDir: string;
  readonly resume: boolean;
  readonly force: boolean;
};

/**
 * Refuses, before any work, an output folder that already holds files (other than the
 * appended `run.log` and the folder's lock, taken just before) unless `resume` or `force` is set; `resume` and `force` exclude each
 * other. Reads only; an absent folder is fine (it is created later).
 */
export function checkOutputDir(options: CheckOutputDirOptions): void {
  const { outDir, resume, force } = options;
  if (resume && force) throw new InvalidRunOptionError({ option: '--resume', value: 'with --force', expected: 'one of them, not both' });
  let entries: string[];
  try {
    if (!statSync(outDir).isDirectory()) throw new OutputDirError({ outDir, problem: 'not_a_folder' });
    entries = readdirSync(outDir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    if (error instanceof OutputDirError) throw error;
    throw new OutputDirError({ outDir, problem: 'unreadable', cause: error });
  }
  const others = entries.filter((name) => name !== RUN_LOG_FILE && !isLockFileName(name)).sort();
  if (others.length > 0 && !resume && !force) throw new OutputDirError({ outDir, problem: 'not_empty', entries: others, remedy: 'pass --resume to continue it or --force to overwrite it' });
}
