import { WfError } from '../errors/WfError.js';

/** The sample data folder could not be read, created or written. */
export class SampleDataWriteError extends WfError {
  readonly dir: string;

  constructor(options: { dir: string; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('SAMPLE_DATA_WRITE', `cannot write sample data into "${options.dir}": ${reason}`, { cause: options.cause });
    this.dir = options.dir;
  }
}
