import { WfError } from '../errors/WfError.js';

/** The universe cache could not be written (disk full, no permission, ...); the cause says why. */
export class UniverseCacheWriteError extends WfError {
  /** The cache file that was being written. */
  readonly path: string;

  constructor(options: { readonly path: string; readonly cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('UNIVERSE_CACHE_WRITE', `cannot write universe cache file "${options.path}": ${reason}`, { cause: options.cause });
    this.path = options.path;
  }
}
