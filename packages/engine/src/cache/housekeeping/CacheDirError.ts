import { WfError } from '../../errors/WfError.js';

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
