// The HTTP application: GraphQL at /graphql, MCP at /mcp, pages, cards and citations at /kb, /embed,
// /oembed (src/web), health at /healthz and /readyz, metrics at /metrics.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import type { Config } from '../config';
import { withStatementCounter, type Database, type StatementCounter } from '../db/client';
import { inLane, newLane, type Lane } from '../give-way';
import type { Logger } from '../logger';
import { cachingPlugins, createCache } from './cache';
import { createContext, type Context } from './context';
import { badRequest, serviceUnavailable } from '../errors';
import { databaseErrorReason, formatErrorFor, isClientError, isDatabaseUnavailable } from './errors';
import { readiness } from './health';
import { corsPolicy, graphqlBody, securityHeaders } from './http-hygiene';
import { bodyDepthLimit, queriesOnlyPlugin, storableTextPlugin } from './input-validation';
import { queryLimits, responseSizeLimit } from './limits';
import { requestLogger } from './logging';
import { createMetrics, type Metrics } from './metrics';
import { observationOf, observationPlugin, observeRequests } from './observation';
import { rateLimiter } from './rate-limit';
import { connectRedis } from './redis';
import type { Closer } from './shutdown';
import { answeredByDeadline, requestDeadline } from './timeouts';
import { mcpRouter } from '../mcp/http';
import { ErrorCode } from '../errors';
import { currentRevision, knownRevision, watchContentRevision } from '../services/content-revision';
import { webRouter } from '../web/routes';
import { compiledExecution } from './executor';
import { acceptedRequestId, frontDoor } from './front-door';
import { FinishedResponses, graphqlHandler } from './graphql-http';
import { buildSchema } from './schema';
import { printContract } from './schema-contract';

interface RequestLocals {
  requestId: string;
  counter: StatementCounter;
  lane: Lane;
}

/** Logs unexpected errors with the request id; adds SQL statement counts when configured. */
function observabilityPlugin(config: Config, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isClientError(error)) continue;
            // An outage is not a bug: one short line per request, no stack.
            if (isDatabaseUnavailable(unwrapResolverError(error))) {
              logger.warn(
                {
                  requestId: contextValue.requestId,
                  operationName,
                  reason: databaseErrorReason(unwrapResolverError(error)),
                },
                'database unavailable',
              );
              continue;
            }
            logger.error(
              {
                err: error.originalError ?? error,
                requestId: contextValue.requestId,
                operationName,
                path: error.path,
              },
              'unexpected error while resolving a request',
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (!config.sqlStats || response.body.kind !== 'single') return;
          const counter = contextValue.statementCounter;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            sqlStatements: counter.statements,
          };
        },
      };
    },
  };
}

/** Finished responses kept in the process, in front of the response cache. */
function finishedResponses(config: Config, database: Database, metrics: Metrics): FinishedResponses | null {
  if (!config.responseCache || config.cacheMaxAge === 0 || config.finishedResponseBytes === 0) return null;
  return new FinishedResponses({
    maxBytes: config.finishedResponseBytes,
    revision: () => currentRevision(database.db),
    events: metrics.hooks,
  });
}

/** GET /graphql answers HTML (the Sandbox) or JSON by Accept: caches must key on it. */
const varyByAccept: express.RequestHandler = (_req, res, next) => {
  res.vary('Accept');
  next();
};

export interface App {
  app: express.Express;
  /** The HTTP server's request handler: the front door, then the Express app. */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  apollo: ApolloServer<Context>;
  metrics: Metrics;
  /** Resources the app holds, released in order on shutdown after the HTTP server has stopped. */
  closers: Closer[];
}

export async function createApp(
  config: Config,
  database: Database,
  logger: Logger,
  httpServer: http.Server,
): Promise<App> {
  const metrics = createMetrics(database, config.metrics);
  const closers: Closer[] = [];
  const redis = config.redis ? await connectRedis(config.redis, logger) : null;
  if (redis) closers.push({ name: 'redis', close: () => redis.close() });
  if (config.revisionNotifications) {
    const watch = watchContentRevision(database, {
      up: (revision) =>
        logger.info({ revision: revision.toString() }, 'content revision notifications are live'),
      down: (reason) =>
        logger.warn({ reason }, 'content revision notifications are down; reading the revision per request'),
      synced: (requests) => metrics.hooks.revisionSynced(requests),
    });
    closers.push({ name: 'revision notifications', close: () => watch.close() });
  }
  const limits = queryLimits(config.limits, config.env === 'production');
  const schema = buildSchema();
  const contract = printContract(schema);
  const apollo = new ApolloServer<Context>({
    // The schema, executed by compiled queries (see executor.ts).
    gateway: compiledExecution(schema),
    formatError: formatErrorFor(config.env === 'production'),
    includeStacktraceInErrorResponses: false,
    // The CLI owns SIGINT/SIGTERM: it stops the server, then closes the database, then exits.
    stopOnTerminationSignals: false,
    introspection: true,
    // The API reads no cookies and no ambient credentials (an API key travels in a header a
    // cross-site form cannot set), so a forged cross-site GET can do nothing the attacker could
    // not do from their own machine. Apollo's CSRF prevention would make every plain GET (urql's
    // default, fetch) send a custom header and pay a CORS preflight per URL, defeating GET caching.
    // Mutations stay off GET: Apollo answers a non-query GET with 405 (and the schema has none).
    csrfPrevention: false,
    // Persisted queries and the response cache share this store.
    cache: createCache(redis, logger),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      observabilityPlugin(config, logger),
      observationPlugin(),
      queriesOnlyPlugin(),
      storableTextPlugin(),
      ...limits.plugins,
      ...cachingPlugins(config, metrics.hooks),
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  // Kept from when the server starts listening: once a shutdown begins it has no address.
  let localUrl = 'http://localhost';
  httpServer.on('listening', () => {
    localUrl = `http://localhost:${(httpServer.address() as AddressInfo).port}`;
  });

  const app = express();
  const embedded = database.kind === 'pglite';
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  // Every response carries a request id. With SQL_STATS every statement issued while serving it is
  // counted; without, no async context is entered, so no promise pays for the counter.
  app.use((req, res, next) => {
    res.locals.arrivedAt = Date.now();
    const locals: RequestLocals = {
      requestId: acceptedRequestId(req.headers['x-request-id']) ?? randomUUID(),
      counter: { statements: 0 },
      lane: newLane(),
    };
    res.locals.request = locals;
    res.setHeader('x-request-id', locals.requestId);
    // Its work takes turns with other requests' (see giveWay), in the lane its context carries.
    // The embedded database's statements, which run synchronously in this thread and know no
    // context, find it in an async context: entered only there, as Node before 24 runs its hooks
    // on every promise. Statements are counted only with SQL_STATS.
    const proceed = embedded ? () => inLane(locals.lane, next) : next;
    if (config.sqlStats) withStatementCounter(locals.counter, proceed);
    else proceed();
  });
  // One log line and one metrics sample per request; a 503 for a request not answered in time.
  const observers = [requestLogger(logger), metrics.observer];
  app.use(observeRequests(...observers), requestDeadline(config.requestTimeoutMs));
  app.get('/metrics', metrics.handler);
  app.use(securityHeaders(config));
  const corsMiddleware = corsPolicy(config);
  if (corsMiddleware) app.use(corsMiddleware);
  const limiter = rateLimiter(config, redis, logger, metrics.hooks);
  if (limiter) app.use(limiter.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The public schema as SDL (the committed schema.graphql), for code generators and reviewers.
  app.get('/schema.graphql', (_req, res) => {
    res.type('text/plain; charset=utf-8').set('Cache-Control', `public, max-age=${config.cacheMaxAge}`);
    res.send(contract);
  });
  app.get('/readyz', async (_req, res) => {
    const result = await readiness(database);
    if (!result.ready) logger.warn({ reason: result.detail ?? result.reason }, 'not ready');
    res.status(result.ready ? 200 : 503).json({ ready: result.ready, reason: result.reason });
  });

  const contextOf = (res: express.Response, revision?: Promise<bigint>): Context => {
    const locals = res.locals.request as RequestLocals;
    return createContext(database.db, config, {
      requestId: locals.requestId,
      publicUrl: config.publicUrl ?? localUrl,
      statementCounter: locals.counter,
      observation: observationOf(res),
      lane: locals.lane,
      ...(revision && { revision }),
      ...(config.requestTimeoutMs > 0 && {
        deadline: (res.locals.arrivedAt as number) + config.requestTimeoutMs,
      }),
    });
  };

  const finished = finishedResponses(config, database, metrics);
  // GraphQL first: the route most requests take matches without trying the others.
  app.use(
    '/graphql',
    varyByAccept,
    responseSizeLimit(config.maxResponseBytes),
    ...graphqlBody(config),
    bodyDepthLimit('graphql'),
    graphqlHandler(apollo, {
      context: contextOf,
      finished,
      ...(config.sqlStats && {
        statements: (res: express.Response) => (res.locals.request as RequestLocals).counter.statements,
      }),
    }),
  );

  // Permalinks by content negotiation, pages, cards, oEmbed, citation exports and charts.
  app.use(webRouter({ contextOf }));

  app.use(
    '/mcp',
    express.json({ limit: config.bodyLimit }),
    bodyDepthLimit('json-rpc'),
    mcpRouter({ context: contextOf, logger, allowedHosts: config.mcpAllowedHosts }),
  );

  // Failures outside GraphQL (a malformed or oversized body, a database error on a plain route)
  // answer in JSON with a code; internals are logged, never sent.
  const onError: express.ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      // A late write after the deadline answered is expected; anything else goes to Express.
      if (!answeredByDeadline(res)) next(error);
      return;
    }
    const requestId = (res.locals.request as RequestLocals | undefined)?.requestId;
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = error instanceof Error ? error.message : 'Bad request';
      res.status(status).json({ errors: [badRequest(message)] });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      res.status(503).json({ errors: [serviceUnavailable()] });
      return;
    }
    logger.error({ err: error, requestId }, 'unexpected error while serving a request');
    res.status(500).json({
      errors: [
        {
          message: 'Internal server error; it has been logged.',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
  };
  app.use((req, res) => {
    res.status(404).json({
      errors: [
        {
          message: `Nothing is served at ${req.method} ${req.path.slice(0, 200)}; see /graphql, /mcp and /kb/<slug>.`,
          extensions: { code: ErrorCode.NOT_FOUND },
        },
      ],
    });
  });
  app.use(onError);

  // Repeated reads are answered before Express while the revision comes by notification.
  const front =
    finished && config.revisionNotifications
      ? frontDoor({
          finished,
          revision: () => knownRevision(database.db),
          limiter,
          observers,
          trustProxy: app.get('trust proxy fn') as (address: string, hop: number) => boolean,
          sqlStats: config.sqlStats,
          maxBodyBytes: Math.min(64 * 1024, config.bodyLimitBytes),
        })
      : null;
  const toExpress: App['handle'] = (req, res) => {
    app(req, res);
  };
  const handle: App['handle'] = front ? (req, res) => front(req, res, () => toExpress(req, res)) : toExpress;
  return { app, handle, apollo, metrics, closers };
}
