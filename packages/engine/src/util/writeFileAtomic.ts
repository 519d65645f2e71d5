import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';

/** Options of {@link writeFileAtomic}. */
export type WriteFileAtomicOptions = {
  /** fsync the temp file before the rename (a checkpoint that must survive a power cut). Default false. */
  readonly fsync?: boolean;
};

/**
 * Replaces `path` with `data` so a reader sees the old file or the new one, never part of
 * one: a temp file beside it, named by process id and a random suffix (concurrent writers
 * never share one), is written (parts in order with writev, without joining them first),
 * fsynced on request, then renamed into place. The folder is created. On failure the temp
 * file is removed and the error rethrown as it is, for the caller to wrap in its own.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[], options: WriteFileAtomicOptions = {}): void {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, 'wx');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(fd, data);
      else writeParts(fd, data);
      if (options.fsync === true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes the parts in order at the file position, resuming after short writes. */
function writeParts(fd: number, parts: readonly Uint8Array[]): void {
  let pending = parts.filter((part) => part.byteLength > 0);
  while (pending.length > 0) {
    let written = writevSync(fd, pending);
    // Drop the parts fully written, trim the first partly written one.
    const rest: Uint8Array[] = [];
    for (const part of pending) {
      if (written >= part.byteLength) {
        written -= part.byteLength;
      } else {
        rest.push(written > 0 ? part.subarray(written) : part);
        written = 0;
      }
    }
    pending = rest;
  }
}
