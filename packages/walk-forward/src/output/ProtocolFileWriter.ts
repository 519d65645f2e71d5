import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FileWriteError } from '@wf/engine';
import { RunFileError } from '../errors.js';
import { PROTOCOL_FILES } from './protocolFiles.js';
import type { ProtocolFileName } from './protocolFiles.js';

/**
 * Appends units to the protocol files of an output folder prepared by prepareOutputDir.
 * Each file is open in append mode for the whole run; a unit's text goes to each file with
 * one synchronous write, in the commit order of PROTOCOL_FILES (summary last), so a
 * reader sees rows as soon as a window is done and a killed process leaves at most one
 * uncommitted unit (plus possibly a torn line) for `--resume` to cut. Writes reach the
 * operating system at once (no user-space buffer); there is no fsync per window.
 */
export class ProtocolFileWriter {
  private readonly fds = new Map<ProtocolFileName, number>();
  private readonly outDir: string;

  constructor(outDir: string) {
    this.outDir = outDir;
    try {
      for (const file of PROTOCOL_FILES) this.fds.set(file.name, openSync(join(outDir, file.name), 'a'));
    } catch (error) {
      this.close();
      throw new RunFileError({ path: outDir, operation: 'open the output files in', cause: error });
    }
  }

  /** Appends one unit's rows to every file, summary last (the commit). */
  appendUnit(texts: Readonly<Record<ProtocolFileName, string>>): void {
    for (const file of PROTOCOL_FILES) {
      const fd = this.fds.get(file.name);
      if (fd === undefined) throw new RunFileError({ path: join(this.outDir, file.name), operation: 'append to a closed' });
      try {
        writeFully(fd, texts[file.name]);
      } catch (error) {
        throw new FileWriteError({ what: 'protocol file', path: join(this.outDir, file.name), cause: error });
      }
    }
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

/** Writes `text` in full through `fd` (writeSync may write part of a buffer). */
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
