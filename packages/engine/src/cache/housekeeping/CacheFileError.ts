import { WfError } from '../../errors/WfError.js';

/** A file or folder inside the cache could not be listed, stat-ed, read or removed (other than vanishing, which is tolerated). */
export class CacheFileError extends WfError {
  readonly path: string;
  readonly operation: 'list' | 'stat' | 'read' | 'remove';

  constructor(options: { path: string; operation: 'list' | 'stat' | 'read' | 'remove'; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('CACHE_IO', `cache housekeeping cannot ${options.operation} "${options.path}": ${reason}`, { cause: options.cause });
    this.path = options.path;
    this.operation = options.operation;
  }
}
