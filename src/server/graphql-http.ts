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
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type express from 'express';
import { LRUCache } from 'lru-cache';
import type { Context } from './context';
import type { ServerEvents } from './events';
import { rawBodyOf } from './http-hygiene';
import { observationOf } from './observation';

/** A response as Apollo finished it. */
interface Finished {
  headers: [string, string][];
  body: string;
  /** The ETag Express gave the body (kept, so a hit does not hash the body again). */
  etag: string | undefined;
  operationName: string | null | undefined;
  storedAt: number;
}

const CACHEABLE = /^max-age=(\d+), public$/;

/** The query string, from `?` on; '' without one. */
function searchOf(req: express.Request): string {
  const start = req.originalUrl.indexOf('?');
  return start < 0 ? '' : req.originalUrl.slice(start);
}

/** What a request's answer depends on: method, accepted media types, and the query itself. */
function keyOf(req: express.Request): string | null {
  const accept = req.headers.accept ?? '';
  if (req.method === 'GET') {
    const search = searchOf(req);
    return search === '' ? null : `GET ${accept}\n${search}`;
  }
  if (req.method !== 'POST') return null;
  // A batch (an array) is refused by Apollo and never cached.
  const raw = rawBodyOf(req);
  if (!raw || Array.isArray(req.body)) return null;
  return `POST ${accept}\n${raw.toString('utf8')}`;
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

  /** The revision `read` gave, forgetting every response of an older one; null when unknown. */
  async settle(read: Promise<bigint>): Promise<bigint | null> {
    const revision = await read.catch(() => null);
    if (revision !== null && revision !== this.revision) {
      this.responses.clear();
      this.revision = revision;
    }
    return revision;
  }

  get(key: string, revision: bigint): Finished | undefined {
    const found = revision === this.revision ? this.responses.get(key) : undefined;
    if (found) this.options.events.cacheHit('process');
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

function send(
  res: express.Response,
  status: number,
  headers: Iterable<[string, string]>,
  body: string,
): void {
  for (const [name, value] of headers) res.setHeader(name, value);
  res.statusCode = status;
  res.send(body);
}

/**
 * A kept body with this request's own statement count (SQL_STATS), in place of the count of the
 * request that produced it.
 */
function withStatements(body: string, statements: number): string {
  const parsed = JSON.parse(body) as { extensions?: Record<string, unknown> };
  parsed.extensions = { ...parsed.extensions, sqlStatements: statements };
  return JSON.stringify(parsed);
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
    const read = finished && key !== null ? finished.read() : undefined;
    const revision = finished && read ? await finished.settle(read) : null;
    if (finished && key !== null && revision !== null) {
      const hit = finished.get(key, revision);
      if (hit) {
        observationOf(res).graphql = {
          operationName: hit.operationName,
          requestedName: hit.operationName ?? undefined,
          errorCodes: [],
        };
        res.setHeader('age', String(Math.floor((Date.now() - hit.storedAt) / 1000)));
        if (statements) {
          send(res, 200, hit.headers, withStatements(hit.body, statements(res)));
          return;
        }
        if (hit.etag) res.setHeader('etag', hit.etag);
        send(res, 200, hit.headers, hit.body);
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
        search: searchOf(req),
        body: req.body as unknown,
      },
      context: () => Promise.resolve(context(res, read)),
    });
    const status = response.status ?? 200;
    if (response.body.kind === 'complete') {
      send(res, status, response.headers, response.body.string);
      const maxAge = CACHEABLE.exec(response.headers.get('cache-control') ?? '')?.[1];
      if (finished && key !== null && revision !== null && status === 200 && maxAge && Number(maxAge) > 0) {
        const etag = res.getHeader('etag');
        finished.set(
          key,
          revision,
          {
            headers: [...response.headers],
            body: response.body.string,
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
