// GraphQL over HTTP: hands each request to Apollo Server (as @as-integrations/express5 does) and
// keeps the finished responses of cacheable reads in memory, so that a repeated read is answered
// from the bytes Apollo sent the first time without parsing, validating or executing anything.
//
// A finished response is kept for one content revision: the revision is read before a request is
// executed (from memory while revision notifications are live, see content-revision.ts, else by
// one indexed read), the response is stored under it, and all of them are dropped as soon as a
// newer revision is seen. So, as with the response cache behind it, no response produced before a
// committed content change is served after it. Only responses Apollo marked `public` with a max
// age (successful reads, see cache-policy.ts) are kept, for that max age at most.
import type http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type express from 'express';
import fresh from 'fresh';
import { LRUCache } from 'lru-cache';
import type { Context } from './context';
import type { ServerEvents } from './events';
import { rawBodyOf } from './http-hygiene';
import { observationOf } from './observation';

/** A response as it was sent: everything but what is particular to its request. */
export interface Finished {
  /** The headers sent, without the request's own (see PER_REQUEST); the ETag among them. */
  headers: [string, number | string | string[]][];
  body: Buffer;
  /** The ETag Express gave the body (kept, so a hit does not hash the body again). */
  etag: string | undefined;
  operationName: string | null | undefined;
  storedAt: number;
}

/** Headers that belong to one request and are never replayed from a kept response. */
const PER_REQUEST = new Set([
  'x-request-id',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'age',
  'date',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

const CACHEABLE = /^max-age=(\d+), public$/;

/** The query string of a request target, from `?` on; '' without one. */
export function searchOf(url: string): string {
  const start = url.indexOf('?');
  return start < 0 ? '' : url.slice(start);
}

/**
 * What an answer depends on: the method, the accepted media types, the origin (CORS headers name
 * it), and the query itself (the query string of a GET, the bytes of a POST body).
 */
export function finishedKey(
  method: 'GET' | 'POST',
  headers: { accept?: string | undefined; origin?: string | undefined },
  query: string,
): string {
  return `${method} ${headers.accept ?? ''} ${headers.origin ?? ''}\n${query}`;
}

function keyOf(req: express.Request): string | null {
  if (req.method === 'GET') {
    const search = searchOf(req.originalUrl);
    return search === '' ? null : finishedKey('GET', req.headers, search);
  }
  if (req.method !== 'POST') return null;
  // A batch (an array) is refused by Apollo and never cached.
  const raw = rawBodyOf(req);
  if (!raw || Array.isArray(req.body)) return null;
  return finishedKey('POST', req.headers, raw.toString('utf8'));
}

export interface FinishedResponsesOptions {
  /** Most bytes of bodies and keys held. */
  maxBytes: number;
  /** The current content revision (read before each request is executed). */
  revision: () => Promise<bigint>;
  events: Pick<ServerEvents, 'cacheHit' | 'cacheMiss'>;
}

/** The finished responses of one content revision. */
export class FinishedResponses {
  private revision: bigint | null = null;
  private readonly responses: LRUCache<string, Finished>;

  constructor(private readonly options: FinishedResponsesOptions) {
    this.responses = new LRUCache<string, Finished>({
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => key.length + value.body.length + 200,
    });
  }

  /** Reads the content revision (for the request's context too). */
  read(): Promise<bigint> {
    return this.options.revision();
  }

  /** Takes `revision` as current, forgetting every response of an older one. */
  advance(revision: bigint): void {
    if (revision !== this.revision) {
      this.responses.clear();
      this.revision = revision;
    }
  }

  /** The revision `read` gave (see advance); null when unknown. */
  async settle(read: Promise<bigint>): Promise<bigint | null> {
    const revision = await read.catch(() => null);
    if (revision !== null) this.advance(revision);
    return revision;
  }

  /** The response kept for `key` at `revision`, not yet counted as served. */
  peek(key: string, revision: bigint): Finished | undefined {
    return revision === this.revision ? this.responses.get(key) : undefined;
  }

  /** Counts a kept response as served. */
  served(): void {
    this.options.events.cacheHit('process');
  }

  get(key: string, revision: bigint): Finished | undefined {
    const found = this.peek(key, revision);
    if (found) this.served();
    return found;
  }

  /** Keeps a response read at `revision`, unless a newer revision has been seen since. */
  set(key: string, revision: bigint, finished: Finished, maxAge: number): void {
    if (revision !== this.revision) return;
    this.responses.set(key, finished, { ttl: maxAge * 1000 });
  }

  /** Bytes held, for tests and metrics. */
  get size(): number {
    return this.responses.calculatedSize;
  }
}

/**
 * A kept body with this request's own statement count (SQL_STATS), in place of the count of the
 * request that produced it.
 */
export function withStatements(body: Buffer, statements: number): Buffer {
  const parsed = JSON.parse(body.toString('utf8')) as { extensions?: Record<string, unknown> };
  parsed.extensions = { ...parsed.extensions, sqlStatements: statements };
  return Buffer.from(JSON.stringify(parsed));
}

/**
 * Writes a kept response on `res` (whose own headers, such as x-request-id, are already set): a
 * 304 when the client holds the same bytes, else the body, with `statements` in its extensions
 * when SQL_STATS counts them (a body that differs per request, so without the kept ETag).
 */
export function sendFinished(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  hit: Finished,
  statements: number | undefined,
): void {
  const body = statements === undefined ? hit.body : withStatements(hit.body, statements);
  for (const [name, value] of hit.headers) {
    if (name !== 'etag' || statements === undefined) res.setHeader(name, value);
  }
  res.setHeader('age', String(Math.floor((Date.now() - hit.storedAt) / 1000)));
  if (
    statements === undefined &&
    hit.etag &&
    req.method === 'GET' &&
    fresh(req.headers, { etag: hit.etag })
  ) {
    res.removeHeader('content-type');
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-length', body.length);
  res.statusCode = 200;
  res.end(body);
}

/** Revisions learned for requests after they arrived (by the front door), for their handler. */
const learned = new WeakMap<http.IncomingMessage, bigint>();

/** Hands `revision`, learned after `req` arrived, to the handler that will answer it. */
export function handOver(req: http.IncomingMessage, revision: bigint): void {
  learned.set(req, revision);
}

export interface GraphqlHandlerOptions {
  /** The request context of a response's request (with the revision when already read). */
  context: (res: express.Response, revision?: Promise<bigint>) => Context;
  /** Finished responses to answer from and add to; null keeps none. */
  finished: FinishedResponses | null;
  /** With SQL_STATS: the statements the request has issued so far. */
  statements?: (res: express.Response) => number;
}

/** The /graphql handler: Apollo Server behind the finished responses. */
export function graphqlHandler(
  apollo: ApolloServer<Context>,
  { context, finished, statements }: GraphqlHandlerOptions,
): express.RequestHandler {
  return async (req, res) => {
    const key = finished ? keyOf(req) : null;
    const known = learned.get(req);
    const read =
      known !== undefined ? Promise.resolve(known) : finished && key !== null ? finished.read() : undefined;
    const revision = finished && read ? await finished.settle(read) : null;
    if (finished && key !== null && revision !== null) {
      const hit = finished.get(key, revision);
      if (hit) {
        observationOf(res).graphql = {
          operationName: hit.operationName,
          requestedName: hit.operationName ?? undefined,
          errorCodes: [],
        };
        sendFinished(req, res, hit, statements?.(res));
        return;
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: searchOf(req.originalUrl),
        body: req.body as unknown,
      },
      context: () => Promise.resolve(context(res, read)),
    });
    const status = response.status ?? 200;
    if (response.body.kind === 'complete') {
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = status;
      res.send(response.body.string);
      const maxAge = CACHEABLE.exec(response.headers.get('cache-control') ?? '')?.[1];
      if (
        finished &&
        key !== null &&
        revision !== null &&
        res.statusCode === 200 &&
        maxAge &&
        Number(maxAge) > 0
      ) {
        const sent = Object.entries(res.getHeaders()).filter(
          (header): header is [string, number | string | string[]] =>
            header[1] !== undefined && !PER_REQUEST.has(header[0]),
        );
        const etag = res.getHeader('etag');
        finished.set(
          key,
          revision,
          {
            headers: sent,
            body: Buffer.from(response.body.string),
            etag: typeof etag === 'string' ? etag : undefined,
            operationName: observationOf(res).graphql?.operationName,
            storedAt: Date.now(),
          },
          Number(maxAge),
        );
      }
      return;
    }
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = status;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
