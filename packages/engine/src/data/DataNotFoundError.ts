import { WfError } from '../errors/WfError.js';

/** Which input of PROTOCOL section 1 a path was given for. */
export type DataRole = 'prices' | 'market_caps' | 'calendar';

/** A configured data folder or file that does not exist (or is not a folder / not a file). */
export class DataNotFoundError extends WfError {
  readonly role: DataRole;
  /** The absolute path that was looked up. */
  readonly path: string;

  constructor(options: { readonly role: DataRole; readonly path: string; readonly expected: 'folder' | 'file'; readonly cause?: unknown }) {
    const label = options.role === 'calendar' ? 'calendar file' : `${options.role.replace('_', ' ')} folder`;
    super('DATA_NOT_FOUND', `${label} "${options.path}" does not exist or is not a ${options.expected}`, {
      cause: options.cause,
    });
    this.role = options.role;
    this.path = options.path;
  }
}
