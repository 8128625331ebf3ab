// Rate limiting per client (express-rate-limit): the API key when one is sent, else the client's
// address. Counters live in memory, or in Redis when REDIS_URL is set so replicas share a budget.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
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

export function rateLimiter(
  config: Config,
  redis: Redis | null,
  logger: Logger,
  events: ServerEvents,
): RequestHandler | null {
  const { max, windowSeconds } = config.rateLimit;
  if (max === 0) return null;
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit: max,
    // IETF draft 8: `RateLimit` and `RateLimit-Policy`; `Retry-After` on 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => clientKey(req.header('x-api-key') || undefined, req.ip),
    // clientKey applies ipKeyGenerator; the library cannot see that through the call.
    validate: { keyGeneratorIpFallback: false },
    skip: (req) => EXEMPT_PATHS.has(req.path) || req.method === 'OPTIONS',
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
    handler: (_req, res) => {
      events.rateLimited();
      // The library has set Retry-After (seconds until the window resets); the body repeats it.
      const retryAfter = Number(res.getHeader('retry-after')) || windowSeconds;
      res.status(429).json({
        errors: [
          {
            message: `Too many requests: at most ${max} per ${windowSeconds} s per client (RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS). Retry after ${retryAfter} s.`,
            extensions: { code: ErrorCode.RATE_LIMITED, retryAfter },
          },
        ],
      });
    },
  });
}
