// Structured JSON logs (pino).
import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs to stdout, or to stderr where stdout is a protocol channel (MCP over stdio). */
export function createLogger(level: string, to: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino({ level, base: { service: 'design-kb' } }, pino.destination(to === 'stderr' ? 2 : 1));
}
