// The front door: a repeated read is answered from the finished responses (graphql-http.ts) as
// soon as it arrives, before Express and its middleware see it. Everything else, and every read
// the finished responses cannot answer, goes on to Express untouched.
//
// A kept response carries every header Express and Apollo gave it except the request's own
// (x-request-id, rate-limit headers, Age), and its key holds everything those headers depend on
// (method, Accept, Origin, the query), so the answer is byte for byte what the whole stack would
// send. What the stack does per request is done here too: a request id, the rate limit (the same
// budget, see RateLimiter.admit), a 304 for a client that holds the bytes, one log line and one
// metrics sample. The revision must be known from notifications (content-revision.ts): while they
// are down, every read goes through Express, which reads it.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import proxyaddr from 'proxy-addr';
import {
  finishedKey,
  searchOf,
  sendFinished,
  type Finished,
  type FinishedResponses,
  handOver,
} from './graphql-http';
import { summarizeServed, type RequestObservation, type RequestObserver } from './observation';
import type { RateLimiter } from './rate-limit';

/** A client's x-request-id is reused only when it is a plain token, so it cannot forge log lines. */
export function acceptedRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
}

export interface FrontDoorOptions {
  finished: FinishedResponses;
  /** The revision as notifications vouch for it; null while they cannot. */
  revision: () => Promise<bigint | null>;
  limiter: RateLimiter | null;
  /** Told of every request answered here, as of those Express serves. */
  observers: RequestObserver[];
  /** Which addresses are trusted proxies (Express's compiled TRUST_PROXY). */
  trustProxy: (address: string, hop: number) => boolean;
  /** With SQL_STATS: a hit reports the statements it issued (none). */
  sqlStats: boolean;
  /** POST bodies larger than this are left to Express (and its BODY_LIMIT). */
  maxBodyBytes: number;
}

/** The request handler: `next` hands the request to Express. */
export type FrontDoor = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/** Headers of a kept response that a refusal (429) must not carry. */
const ABOUT_THE_BODY = new Set(['content-type', 'etag', 'cache-control']);

/** A GraphQL POST whose body could be a key: plain JSON, of a declared, bounded length. */
function keyablePost(req: http.IncomingMessage, maxBodyBytes: number): boolean {
  const length = Number(req.headers['content-length']);
  const type = req.headers['content-type'] ?? '';
  return (
    length > 0 &&
    length <= maxBodyBytes &&
    req.headers['content-encoding'] === undefined &&
    /^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)
  );
}

/**
 * The bytes of a body that has arrived whole, put back at once so that Express reads the same
 * stream when the request goes on there; null while it is still arriving.
 */
function arrivedBody(req: http.IncomingMessage): Buffer | null {
  if (!req.complete) return null;
  const raw = req.read() as Buffer | null;
  if (raw) req.unshift(raw);
  return raw;
}

export function frontDoor(options: FrontDoorOptions): FrontDoor {
  const { finished, limiter, observers } = options;

  const answer = (req: http.IncomingMessage, res: http.ServerResponse, hit: Finished, startedAt: bigint) => {
    const requestId = acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
    const observation: RequestObservation = {
      startedAt,
      graphql: {
        operationName: hit.operationName,
        requestedName: hit.operationName ?? undefined,
        errorCodes: [],
      },
    };
    for (const observer of observers) observer.started?.();
    res.once('close', () => {
      // A refusal by the rate limiter is not a GraphQL answer (as when Express sends it).
      if (res.statusCode === 429) delete observation.graphql;
      const summary = summarizeServed({
        requestId,
        method: req.method ?? 'GET',
        url: req.url ?? '',
        observation,
        route: () => 'other',
        status: res.statusCode,
        complete: res.writableFinished,
      });
      for (const observer of observers) observer.finished(summary);
    });
    res.setHeader('x-request-id', requestId);
    const send = () => {
      finished.served();
      sendFinished(req, res, hit, options.sqlStats ? 0 : undefined);
    };
    if (!limiter) {
      send();
      return;
    }
    const ip = req.socket.remoteAddress === undefined ? undefined : proxyaddr(req, options.trustProxy);
    const refusal = () => {
      for (const [name, value] of hit.headers) if (!ABOUT_THE_BODY.has(name)) res.setHeader(name, value);
    };
    void limiter.admit(req, ip, res, refusal).then((admitted) => {
      if (admitted) send();
    });
  };

  return (req, res, next) => {
    const url = req.url ?? '';
    const get = req.method === 'GET' && url.startsWith('/graphql?');
    const post = req.method === 'POST' && url === '/graphql' && keyablePost(req, options.maxBodyBytes);
    if (!get && !post) {
      next();
      return;
    }
    const startedAt = process.hrtime.bigint();
    options.revision().then(
      (revision) => {
        // By now a body sent with its headers has been parsed too.
        if (revision === null) {
          next();
          return;
        }
        handOver(req, revision);
        finished.advance(revision);
        const query = get ? searchOf(url) : arrivedBody(req)?.toString('utf8');
        if (!query) {
          next();
          return;
        }
        const hit = finished.peek(finishedKey(get ? 'GET' : 'POST', req.headers, query), revision);
        if (hit) answer(req, res, hit, startedAt);
        else next();
      },
      () => next(),
    );
  };
}
