import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

/** Structured log lines (pino). The engine logs to stderr; tests pass `silent`. */
export function createLogger(options: { level?: string; destinationFd?: number } = {}): Logger {
  return pino({ level: options.level ?? process.env.OPSFLOW_LOG_LEVEL ?? 'info', base: { app: 'opsflow' } }, pino.destination(options.destinationFd ?? 2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
