import { randomBytes } from 'node:crypto';
import { lstatSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileWriteError } from '@wf/engine';
import { LATEST_LINK } from './writeDriftReport.js';

/**
 * Points `<parent of outDir>/latest` at outDir (a relative symlink), atomically: a new link
 * under a unique temp name renamed over the old one, so a reader sees the previous run or
 * this one. A `latest` that is a real folder or file is left alone (returns false).
 */
export function updateLatestLink(outDir: string): boolean {
  const link = join(dirname(outDir), LATEST_LINK);
  try {
    if (!lstatSync(link).isSymbolicLink()) return false;
  } catch {
    // absent: created below
  }
  const temp = `${link}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    symlinkSync(basename(outDir), temp);
    renameSync(temp, link);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new FileWriteError({ what: 'latest link', path: link, cause: error });
  }
  return true;
}
