import { pino } from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The root logger of a CLI: pino NDJSON to stderr, human-readable (pino-pretty, synchronous)
 * when stderr is a terminal. stdout stays free for the results a user asked for.
 */
export function createLogger(level: LogLevel): Logger {
  if (process.stderr.isTTY) {
    return pino({ level }, pretty({ destination: 2, sync: true, colorize: true }));
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
