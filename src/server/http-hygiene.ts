// HTTP hygiene: security headers (helmet), the CORS allowlist (cors), and what /graphql accepts
// as a request body (JSON only, at most BODY_LIMIT), each refusal a JSON error with a code.
import cors from 'cors';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';
import { badRequest } from '../errors';

/** Headers a browser client may send and read, besides the CORS-safelisted ones. */
const ALLOWED_HEADERS = [
  'content-type',
  'x-api-key',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];
const EXPOSED_HEADERS = ['x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after', 'age'];

function jsonError(status: number, message: string) {
  return { status, body: { errors: [badRequest(message)] } };
}

/**
 * Helmet's defaults everywhere, with one exception in development: Apollo Sandbox (the HTML page
 * GET /graphql serves to a browser) runs inline scripts from Apollo's CDN, which the default
 * Content-Security-Policy blocks. Production serves no such page.
 */
export function securityHeaders(config: Config): RequestHandler {
  // The data is public and meant to be read from other origins (CORS decides who may).
  const crossOriginResourcePolicy = { policy: 'cross-origin' } as const;
  const strict = helmet({ crossOriginResourcePolicy });
  if (config.env === 'production') return strict;
  const landingPage = helmet({ crossOriginResourcePolicy, contentSecurityPolicy: false });
  return (req, res, next) => {
    const sandbox =
      req.method === 'GET' &&
      req.path === '/graphql' &&
      req.accepts(['application/json', 'text/html']) === 'text/html';
    (sandbox ? landingPage : strict)(req, res, next);
  };
}

/** CORS_ORIGINS: `*` (any origin, no credentials), a list of origins, or none (same origin only). */
export function corsPolicy(config: Config): RequestHandler | null {
  if (config.corsOrigins !== '*' && config.corsOrigins.length === 0) return null;
  return cors({
    origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}

/**
 * The body of a GraphQL POST: `application/json` (415 otherwise, per GraphQL over HTTP) of at most
 * BODY_LIMIT (413 otherwise). GET requests carry no body.
 */
const rawBodies = new WeakMap<object, Buffer>();

/** The bytes of a GraphQL POST body as received (after graphqlBody parsed it). */
export function rawBodyOf(req: object): Buffer | undefined {
  return rawBodies.get(req);
}

export function graphqlBody(config: Config): (RequestHandler | ErrorRequestHandler)[] {
  const requireJson: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && !req.is('application/json')) {
      const { status, body } = jsonError(
        415,
        `A GraphQL POST must have content-type application/json; got ${req.header('content-type') ?? 'none'}.`,
      );
      res.status(status).json(body);
      return;
    }
    next();
  };
  const parse = express.json({
    limit: config.bodyLimit,
    verify: (req, _res, raw) => {
      rawBodies.set(req, raw);
    },
  });
  const tooLarge: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if ((error as { type?: unknown }).type !== 'entity.too.large') {
      next(error);
      return;
    }
    const { status, body } = jsonError(
      413,
      `The request body is larger than the limit of ${config.bodyLimit} (BODY_LIMIT).`,
    );
    res.status(status).json(body);
  };
  // Apollo's middleware needs `req.body` to exist, also for GET and body-less requests.
  const ensureBody: RequestHandler = (req, _res, next) => {
    if (!('body' in req) || req.body === undefined) req.body = {};
    next();
  };
  return [requireJson, parse, tooLarge, ensureBody];
}
