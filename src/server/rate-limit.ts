// Rate limiting per client (express-rate-limit): the API key when one is sent, else the client's
// address. Counters live in memory, or in Redis when REDIS_URL is set so replicas share a budget.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { Config } from '../config';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { ServerEvents } from './events';
import type { Redis } from './redis';

/** Probes and metrics scrapes are never limited. */
const EXEMPT_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The bucket a request counts against. An API key is hashed: the raw key is never stored, logged
 * or sent to Redis. Without a key, IPv6 clients share a bucket per /56, as they usually hold one.
 */
export function clientKey(apiKey: string | undefined, ip: string | undefined): string {
  if (apiKey) return `key:${createHash('sha256').update(apiKey).digest('base64url').slice(0, 32)}`;
  return `ip:${ipKeyGenerator(ip ?? 'unknown')}`;
}

export interface RateLimiter {
  /** Counts each request Express serves; answers 429 past the limit. */
  middleware: RequestHandler;
  /**
   * Counts a request served before Express (see front-door.ts) against the same budget: true
   * when it may be answered, false when the 429 has been sent instead.
   */
  admit(
    req: http.IncomingMessage,
    ip: string | undefined,
    res: http.ServerResponse,
    /** Sets the headers a refusal carries besides its own (security, CORS). */
    beforeRefusal?: () => void,
  ): Promise<boolean>;
}

/** What the limiter uses of a response, in the view `admit` makes. */
interface LimitedResponse {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly statusCode: number;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader(name: string): string | number | string[] | undefined;
  append(name: string, value: string): void;
}

/** What the limiter reads of a request (an Express request, or the view `admit` makes). */
type LimitedRequest = Pick<Request, 'method' | 'path' | 'ip' | 'originalUrl'> & {
  header(name: string): string | undefined;
};

export function rateLimiter(
  config: Config,
  redis: Redis | null,
  logger: Logger,
  events: ServerEvents,
): RateLimiter | null {
  const { max, windowSeconds } = config.rateLimit;
  if (max === 0) return null;
  /** For requests `admit` counts: told when the limiter refused one. */
  const refusals = new WeakMap<object, () => void>();
  const middleware = rateLimit({
    windowMs: windowSeconds * 1000,
    limit: max,
    // IETF draft 8: `RateLimit` and `RateLimit-Policy`; `Retry-After` on 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: LimitedRequest) => clientKey(req.header('x-api-key') || undefined, req.ip),
    // clientKey applies ipKeyGenerator; the library cannot see that through the call.
    validate: { keyGeneratorIpFallback: false },
    skip: (req: LimitedRequest) => EXEMPT_PATHS.has(req.path) || req.method === 'OPTIONS',
    store: redis
      ? new RedisStore({
          prefix: `${redis.prefix}rate:`,
          sendCommand: (...args: string[]) => redis.client.sendCommand(args),
        })
      : undefined,
    // A Redis outage must not take the API down: requests pass uncounted (and it is logged).
    passOnStoreError: true,
    logger: {
      error: (error, message) => logger.error({ err: error }, message ?? 'rate limiter error'),
      warn: (error, message) => logger.warn({ err: error }, message ?? 'rate limiter warning'),
    },
    handler: (req: object, res: http.ServerResponse) => {
      events.rateLimited();
      const refused = refusals.get(req);
      if (refused) refused();
      else refuse(res);
    },
  });
  /** The 429, once the library has set Retry-After (seconds until the window resets). */
  const refuse = (res: http.ServerResponse) => {
    const retryAfter = Number(res.getHeader('retry-after')) || windowSeconds;
    const body = JSON.stringify({
      errors: [
        {
          message: `Too many requests: at most ${max} per ${windowSeconds} s per client (RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS). Retry after ${retryAfter} s.`,
          extensions: { code: ErrorCode.RATE_LIMITED, retryAfter },
        },
      ],
    });
    res.statusCode = 429;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  };
  return {
    middleware,
    admit(req, ip, res, beforeRefusal) {
      const url = req.url ?? '/';
      const view: LimitedRequest = {
        method: req.method ?? 'GET',
        path: url.split('?', 1)[0] ?? url,
        originalUrl: url,
        ip,
        header: (name) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        },
      };
      // What the library uses of a response: header writes (append as Express has it) and state.
      const response: LimitedResponse = {
        get headersSent() {
          return res.headersSent;
        },
        get writableEnded() {
          return res.writableEnded;
        },
        get statusCode() {
          return res.statusCode;
        },
        setHeader: (name, value) => res.setHeader(name, value),
        getHeader: (name) => res.getHeader(name),
        append(name, value) {
          const previous = res.getHeader(name);
          const values = Array.isArray(previous)
            ? previous
            : previous === undefined
              ? []
              : [String(previous)];
          res.setHeader(name, [...values, value]);
        },
      };
      return new Promise((resolve) => {
        refusals.set(view, () => {
          beforeRefusal?.();
          refuse(res);
          resolve(false);
        });
        // The library reads and writes no more than LimitedRequest and LimitedResponse name.
        const express = [view as Request, response as unknown as Response] as const;
        void middleware(...express, (error?: unknown) => {
          if (error) logger.error({ err: error }, 'rate limiter error; the request was let through');
          resolve(true);
        });
      });
    },
  };
}
