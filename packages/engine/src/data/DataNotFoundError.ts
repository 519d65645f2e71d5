import { describeSystemError, systemErrorCode } from '../errors/describeSystemError.js';
import { WfError } from '../errors/WfError.js';

/** Which input of PROTOCOL section 1 a path was given for. */
export type DataRole = 'prices' | 'market_caps' | 'calendar';

/** What a data path should be. */
export type DataPathKind = 'folder' | 'file';

/** `prices folder`, `market caps file`, `calendar file`. */
function labelOf(role: DataRole, expected: DataPathKind): string {
  return role === 'calendar' ? 'calendar file' : `${role.replace('_', ' ')} ${expected}`;
}

/**
 * A configured data folder or file that does not exist (ENOENT), or is not a folder / not
 * a file; any other failure to read it is a DataUnreadableError.
 */
export class DataNotFoundError extends WfError {
  readonly role: DataRole;
  /** The absolute path that was looked up. */
  readonly path: string;

  constructor(options: { readonly role: DataRole; readonly path: string; readonly expected: DataPathKind; readonly cause?: unknown }) {
    const code = systemErrorCode(options.cause);
    const what =
      code === 'ENOENT' ? 'does not exist' : code === null || code === 'ENOTDIR' ? `is not a ${options.expected}` : `does not exist or is not a ${options.expected}`;
    super('DATA_NOT_FOUND', `${labelOf(options.role, options.expected)} "${options.path}" ${what}`, {
      cause: options.cause,
    });
    this.role = options.role;
    this.path = options.path;
  }
}

/** A data folder or file that exists but cannot be read: the errno (EACCES, EISDIR, EIO, ...) is named. */
export class DataUnreadableError extends WfError {
  readonly role: DataRole;
  /** The absolute path whose read failed. */
  readonly path: string;
  /** The errno code, e.g. `EACCES`; null when the failure had none. */
  readonly errno: string | null;

  constructor(options: { readonly role: DataRole; readonly path: string; readonly expected: DataPathKind; readonly cause: unknown }) {
    super('DATA_UNREADABLE', `cannot read ${labelOf(options.role, options.expected)} "${options.path}": ${describeSystemError(options.cause)}`, {
      cause: options.cause,
    });
    this.role = options.role;
    this.path = options.path;
    this.errno = systemErrorCode(options.cause);
  }
}

/**
 * The error for a failed look-up or read of a data path: DataNotFoundError when it is
 * absent (ENOENT) or not the kind of entry expected (ENOTDIR), DataUnreadableError naming
 * the errno otherwise, so a permission problem is never reported as a missing file.
 */
export function dataAccessError(options: { readonly role: DataRole; readonly path: string; readonly expected: DataPathKind; readonly cause: unknown }): WfError {
  const code = systemErrorCode(options.cause);
  return code === 'ENOENT' || code === 'ENOTDIR' ? new DataNotFoundError(options) : new DataUnreadableError(options);
}
