import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs on stderr, so stdout stays free for the console channel and `--json` output. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
