// Graceful shutdown on SIGTERM/SIGINT: stop accepting connections, let requests in flight finish
// within the grace period (then cut them), close what the server holds (Redis, the database
// pool, …) in order, and exit.
import type { Logger } from '../logger';

/** A resource to release once the HTTP server has stopped. */
export interface Closer {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownOptions {
  logger: Logger;
  /** Refuses new connections, waits for requests in flight up to the grace period, cuts the rest. */
  stopServer(): Promise<void>;
  /** Released in order after the server has stopped. */
  closers: Closer[];
  /** How long one closer may take before the shutdown goes on without it. */
  closeTimeoutMs?: number;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the shutdown; resolves with the exit code (1 when a resource could not be closed). */
export async function shutDown(options: ShutdownOptions, signal: string): Promise<number> {
  const { logger } = options;
  const started = Date.now();
  logger.info({ signal }, 'shutting down: refusing new connections, finishing requests in flight');
  await options.stopServer();
  logger.info({ durationMs: Date.now() - started }, 'HTTP server stopped');
  let code = 0;
  for (const closer of options.closers) {
    try {
      await within(closer.close(), options.closeTimeoutMs ?? 5_000, `closing ${closer.name}`);
    } catch (error) {
      code = 1;
      logger.error({ err: error, resource: closer.name }, 'could not close cleanly');
    }
  }
  logger.info({ durationMs: Date.now() - started, exitCode: code }, 'shut down');
  return code;
}

/** Shuts down on the first SIGTERM or SIGINT; a second one exits at once. */
export function shutDownOnSignals(options: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    shutDown(options, signal).then(
      (code) => process.exit(code),
      (error: unknown) => {
        options.logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
