// What happened to each request, summarised once when its response is done and handed to the
// request log and the metrics, so the two always agree.
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { getOperationAST } from 'graphql';
import { ErrorCode } from '../errors';

export type Outcome = 'ok' | 'client_error' | 'server_error';

/** Filled in while a request is served (by the GraphQL plugin, the error handler, the deadline). */
export interface RequestObservation {
  startedAt: bigint;
  /** Set when the request went through GraphQL execution. */
  graphql?: {
    /** The operation's name once the document resolved to one; null when it is anonymous. */
    operationName: string | null | undefined;
    /** The name asked for, also when the document did not validate (for logs only). */
    requestedName: string | undefined;
    /** `extensions.code` of the errors sent, in order. */
    errorCodes: string[];
  };
  /** The `extensions.code` a plain (non-GraphQL) error response carried. */
  errorCode?: string;
}

export interface RequestSummary {
  requestId: string | undefined;
  method: string;
  path: string;
  /** A bounded label for the route that served the request (`/graphql`, `/kb/:slug`, …). */
  route: string;
  graphql: boolean;
  /**
   * The GraphQL operation's name: null for an anonymous operation, undefined when the document
   * never resolved to an operation (it did not parse or validate) or the request is not GraphQL.
   */
  operationName: string | null | undefined;
  /** For logs: the resolved name, or the one the client asked for. */
  operationLabel: string | null;
  status: number;
  outcome: Outcome;
  code: string | undefined;
  durationMs: number;
}

/** Codes that mean the server, not the client, failed. */
const SERVER_CODES = new Set<string>([ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.SERVICE_UNAVAILABLE]);

/** The code of a plain HTTP error response that did not say which it was. */
function codeForStatus(status: number): string {
  switch (status) {
    case 400:
    case 405:
    case 413:
    case 415:
      return ErrorCode.BAD_REQUEST;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.SERVICE_UNAVAILABLE;
    default:
      return status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : `HTTP_${status}`;
  }
}

/** The observation of the request `res` answers (created on first use). */
export function observationOf(res: express.Response): RequestObservation {
  const locals = res.locals as { observation?: RequestObservation };
  locals.observation ??= { startedAt: process.hrtime.bigint() };
  return locals.observation;
}

/** Notes the code of a plain error response (for requests that do not go through GraphQL). */
export function noteErrorCode(res: express.Response, code: string): void {
  observationOf(res).errorCode ??= code;
}

function routeOf(req: express.Request, status: number): string {
  // Express sets req.route to the matched route; mounted middleware (app.use) leaves only baseUrl.
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  if (req.baseUrl) return req.baseUrl;
  return status === 404 ? 'unmatched' : 'other';
}

/** What a summary is made of, however the request was served. */
export interface Served {
  requestId: string | undefined;
  method: string;
  /** The request target as received (path and query string). */
  url: string;
  observation: RequestObservation;
  /** The route label when the request went through no GraphQL execution. */
  route: (status: number) => string;
  status: number;
  /** Whether the whole response was written. */
  complete: boolean;
}

/** The summary of a request once its response is done (or the client has gone). */
export function summarizeServed(served: Served): RequestSummary {
  const { observation, status } = served;
  const durationMs = Number(process.hrtime.bigint() - observation.startedAt) / 1e6;
  const graphql = observation.graphql;
  const errorCodes = graphql?.errorCodes ?? [];
  let outcome: Outcome = 'ok';
  let code: string | undefined;
  if (!served.complete) {
    // The client went away before the response was complete.
    outcome = 'client_error';
    code = 'CLIENT_CLOSED_REQUEST';
  } else if (status >= 500) {
    outcome = 'server_error';
    code = observation.errorCode ?? errorCodes[0] ?? codeForStatus(status);
  } else if (errorCodes.length > 0) {
    code = errorCodes.find((c) => SERVER_CODES.has(c)) ?? errorCodes[0];
    outcome = code && SERVER_CODES.has(code) ? 'server_error' : 'client_error';
  } else if (status >= 400) {
    outcome = 'client_error';
    code = observation.errorCode ?? codeForStatus(status);
  }
  const operationName = graphql?.operationName;
  return {
    requestId: served.requestId,
    method: served.method,
    path: served.url.split('?', 1)[0]?.slice(0, 200) ?? '',
    route: graphql ? '/graphql' : served.route(status),
    graphql: graphql !== undefined,
    operationName,
    operationLabel: operationName ?? graphql?.requestedName?.slice(0, 100) ?? null,
    status,
    outcome,
    code,
    durationMs,
  };
}

function summarize(req: express.Request, res: express.Response): RequestSummary {
  return summarizeServed({
    requestId: (res.locals.request as { requestId?: string } | undefined)?.requestId,
    method: req.method,
    url: req.originalUrl,
    observation: observationOf(res),
    route: (status) => routeOf(req, status),
    status: res.statusCode,
    complete: res.writableFinished,
  });
}

/** Told when a request starts and, with its summary, when it is over. */
export interface RequestObserver {
  started?(): void;
  finished(summary: RequestSummary): void;
}

/** Observes every request: each observer hears of its start and gets one summary at its end. */
export function observeRequests(...observers: RequestObserver[]): express.RequestHandler {
  return (req, res, next) => {
    observationOf(res);
    for (const observer of observers) observer.started?.();
    // 'close' follows 'finish' and also fires when the connection drops first: exactly once either way.
    res.once('close', () => {
      const summary = summarize(req, res);
      for (const observer of observers) observer.finished(summary);
    });
    next();
  };
}

/** Records the GraphQL operation's name and the codes of the errors it answered with. */
export function observationPlugin<C extends { observation: RequestObservation }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, request, response, document }) {
          const errors =
            response.body.kind === 'single'
              ? response.body.singleResult.errors
              : response.body.initialResult.errors;
          contextValue.observation.graphql = {
            operationName,
            requestedName:
              request.operationName ?? (document ? getOperationAST(document)?.name?.value : undefined),
            errorCodes: (errors ?? []).map((error) =>
              typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN',
            ),
          };
        },
      };
    },
  };
}
