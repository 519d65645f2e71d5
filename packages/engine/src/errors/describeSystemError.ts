/**
 * A failed system call as named in a one-line message: its errno code and Node's description,
 * `EACCES (permission denied)`, `ENOSPC (no space left on device)`; the plain message (first
 * line) for an error without a code.
 */
export function describeSystemError(error: unknown): string {
  const code = systemErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === null) return message.split('\n')[0] ?? message;
  // Node's fs messages read `EACCES: permission denied, open '/path'`.
  const match = /^[A-Z0-9_]+: ([^,]+)/.exec(message);
  return match === null ? code : `${code} (${match[1]})`;
}

/** The errno code (`ENOENT`, `EACCES`, ...) of a failed system call, or null. */
export function systemErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}
