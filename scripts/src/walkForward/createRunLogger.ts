import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from '../createLogger.js';

/** A synchronous append-only file sink that creates its file on the first line (so a refused run leaves no file behind). */
class LazyAppendFile {
  private fd: number | null = null;
  private readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  write(chunk: string): void {
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a');
    }
    writeSync(this.fd, chunk);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** The logger of `wf-walk-forward` and a function that closes its file. */
export type RunLogger = { readonly logger: Logger; readonly close: () => void };

/**
 * pino writing NDJSON to `logFile` (appended, created lazily, every line written
 * synchronously) and to stderr (human-readable on a terminal), both at `level`.
 */
export function createRunLogger(options: { level: LogLevel; logFile: string }): RunLogger {
  if (options.level === 'silent') return { logger: pino({ level: 'silent' }), close: () => undefined };
  const file = new LazyAppendFile(options.logFile);
  const stderr = process.stderr.isTTY
    ? pretty({ destination: 2, sync: true, colorize: true })
    : pino.destination({ fd: 2, sync: true });
  const logger = pino(
    { level: options.level },
    pino.multistream([
      { level: options.level, stream: file },
      { level: options.level, stream: stderr },
    ]),
  );
  return { logger, close: () => file.close() };
}
