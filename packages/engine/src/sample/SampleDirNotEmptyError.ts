import { WfError } from '../errors/WfError.js';

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
