// The request log: one JSON line per request (pino), written when its response is done.
import type { Logger } from '../logger';
import type { RequestObserver } from './observation';

/**
 * Logs a request summary. Successes and client errors are `info` (the access log, silenced with
 * LOG_LEVEL=warn); server errors are `warn`, and unexpected ones are also logged at `error`
 * with their cause where they happen.
 */
export function requestLogger(logger: Logger): RequestObserver {
  const finished: RequestObserver['finished'] = (summary) => {
    const level = summary.outcome === 'server_error' ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      {
        requestId: summary.requestId,
        method: summary.method,
        path: summary.path,
        // null for an anonymous GraphQL operation; absent for routes outside GraphQL.
        operation: summary.graphql ? summary.operationLabel : undefined,
        status: summary.status,
        outcome: summary.outcome,
        code: summary.code,
        durationMs: Math.round(summary.durationMs * 10) / 10,
      },
      'request completed',
    );
  };
  return { finished };
}
