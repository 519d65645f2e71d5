import { pino } from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Set by every CLI's parser from `--log-format` (createParser). */
let logFormat: LogFormat = 'auto';

export function setLogFormat(format: LogFormat): void {
  logFormat = format;
}

/**
 * The root logger of a CLI: pino NDJSON to stderr, human-readable (pino-pretty, synchronous)
 * when stderr is a terminal or `--log-format pretty` (`json` forces NDJSON on a terminal too).
 * stdout stays free for the results a user asked for.
 */
export function createLogger(level: LogLevel): Logger {
  if (logFormat === 'pretty' || (logFormat === 'auto' && process.stderr.isTTY)) {
    return pino({ level }, pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true }));
  }
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
