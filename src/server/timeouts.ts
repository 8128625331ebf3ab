// Request deadlines: Node's own limits on receiving a request, and an answer (503 with a code)
// for a request the server could not finish in time, instead of a client left hanging.
import type http from 'node:http';
import type express from 'express';
import { ErrorCode, serviceUnavailable } from '../errors';
import { noteErrorCode } from './observation';

/**
 * Options for http.createServer. Headers must arrive within the deadline (a minute at most). A
 * request still unanswered at the deadline gets the 503 of requestDeadline, also when its body is
 * still arriving; a second later Node itself drops a connection whose request never arrived
 * whole. Node checks these periodically: often enough that a short deadline is kept.
 */
export function httpServerTimeouts(requestTimeoutMs: number): http.ServerOptions {
  if (requestTimeoutMs === 0) return { requestTimeout: 0 };
  return {
    requestTimeout: requestTimeoutMs + 1_000,
    headersTimeout: Math.min(requestTimeoutMs, 60_000),
    connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(requestTimeoutMs / 4))),
  };
}

const TIMED_OUT = Symbol('timedOut');

/** True when the deadline has already answered this request (what the handler writes later is dropped). */
export function answeredByDeadline(res: express.Response): boolean {
  return (res.locals as { [TIMED_OUT]?: boolean })[TIMED_OUT] === true;
}

/**
 * Answers 503 SERVICE_UNAVAILABLE when a request has had no response after `timeoutMs`. The
 * handler keeps running until its own work ends (database statements are bounded by
 * DATABASE_STATEMENT_TIMEOUT_MS); its late response fails on the sent headers and is dropped by
 * the error handler (see answeredByDeadline).
 */
export function requestDeadline(timeoutMs: number): express.RequestHandler {
  return (_req, res, next) => {
    if (timeoutMs === 0) {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (res.headersSent) return; // already streaming: let it finish
      (res.locals as { [TIMED_OUT]?: boolean })[TIMED_OUT] = true;
      noteErrorCode(res, ErrorCode.SERVICE_UNAVAILABLE);
      res
        .status(503)
        .set('retry-after', '1')
        .json({
          errors: [serviceUnavailable(`The request did not complete within ${timeoutMs} ms; retry shortly.`)],
        });
    }, timeoutMs);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
