import { WfError } from '../errors/WfError.js';

/** The window cache could not read or write its folder (permissions, disk full, not a folder...). */
export class WindowCacheIoError extends WfError {
  readonly path: string;
  readonly operation: 'read' | 'write';

  constructor(options: { path: string; operation: 'read' | 'write'; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('CACHE_IO', `window cache cannot ${options.operation} "${options.path}": ${reason.split('\n')[0]}`, {
      cause: options.cause,
    });
    this.path = options.path;
    this.operation = options.operation;
  }
}
