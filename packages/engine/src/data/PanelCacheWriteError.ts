import { WfError } from '../errors/WfError.js';

/** The binary panel cache could not be written (disk full, no permission, ...); the cause says why. */
export class PanelCacheWriteError extends WfError {
  /** The cache file that was being written. */
  readonly path: string;

  constructor(options: { readonly path: string; readonly cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('PANEL_CACHE_WRITE', `cannot write panel cache file "${options.path}": ${reason}`, { cause: options.cause });
    this.path = options.path;
  }
}
