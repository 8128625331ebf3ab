// Caching: Cache-Control from the schema's hints, the server's response cache (memory or Redis),
// automatic persisted queries over GET, and invalidation: after a content change is committed, no
// request is answered from a response cached before it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateEntries } from '../seed/generate';
import { runCliOk, serverUrl } from './support/databases';
import { poll } from './support/poll';
import { dropKeys, REDIS_URL, redisKeys, uniquePrefix, untilKeys } from './support/redis';
import { startedForThisFile, startTestServer, type GraphQLResponse, type TestServer } from './support/server';

const start = startedForThisFile();

interface Sent {
  status: number;
  headers: Headers;
  body: GraphQLResponse;
}

async function post(server: TestServer, payload: Record<string, unknown>): Promise<Sent> {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse,
  };
}

async function get(server: TestServer, params: Record<string, unknown>): Promise<Sent> {
  const search = new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );
  const response = await fetch(`${server.baseUrl}/graphql?${search.toString()}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse,
  };
}

const ENTRY = 'query Entry($slug: String!) { entry(slug: $slug) { slug summary } }';

describe('in memory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start({ env: { CACHE_MAX_AGE: '120' } });
  });

  test('a successful read is cacheable by anyone for CACHE_MAX_AGE seconds', async () => {
    const { status, headers, body } = await post(server, { query: ENTRY, variables: { slug: 'observer' } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(headers.get('cache-control')).toBe('max-age=120, public');
  });

  test('cache hints follow the selection: fragments and interface fields count, __typename and introspection alone are not cacheable', async () => {
    const viaFragments = await post(server, {
      query: `query { ...Root } fragment Root on Query { entry(slug: "observer") { ... on Pattern { intent } } }`,
    });
    expect(viaFragments.body.errors).toBeUndefined();
    expect(viaFragments.headers.get('cache-control')).toBe('max-age=120, public');
    for (const query of ['{ __typename }', '{ __schema { queryType { name } } }']) {
      const answer = await post(server, { query });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  test('a repeated query is answered from the response cache: same data, an Age header, no reads once the revision comes by notification', async () => {
    const variables = { slug: 'feature-store' };
    const miss = await post(server, { query: ENTRY, variables });
    expect(miss.headers.get('age')).toBeNull();
    // A miss reads the entry.
    expect(miss.body.extensions?.sqlStatements).toBeGreaterThanOrEqual(1);
    // The revision is read per request until the server listens to its notifications.
    const hit = await poll(
      () => post(server, { query: ENTRY, variables }),
      (sent) => sent.body.extensions?.sqlStatements === 0,
    );
    expect(hit.body.data).toEqual(miss.body.data);
    expect(Number(hit.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(hit.body.extensions?.sqlStatements).toBe(0);
    expect(hit.headers.get('cache-control')).toBe('max-age=120, public');
    // Other variables are another answer.
    const other = await post(server, { query: ENTRY, variables: { slug: 'observer-x' } });
    expect(other.body.data).toEqual({ entry: null });
  });

  test('a response with errors is neither cacheable nor cached', async () => {
    const query =
      '{ algorithms(where: { satisfies: [{ quality: "speediness", atLeast: HIGH }] }) { totalCount } }';
    for (let i = 0; i < 2; i += 1) {
      const { headers, body } = await post(server, { query });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('age')).toBeNull();
    }
  });

  test('automatic persisted queries: a hash alone is unknown until registered, then works over GET', async () => {
    const query = `{ entry(slug: "heartbeat") { slug title } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };

    const unknown = await get(server, { extensions });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.headers.get('cache-control')).toBe('private, no-cache, must-revalidate');

    const registered = await post(server, { query, extensions });
    expect(registered.body.data).toEqual({ entry: { slug: 'heartbeat', title: 'Heartbeat' } });

    const byHash = await get(server, { extensions });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data).toEqual(registered.body.data);
    expect(byHash.headers.get('cache-control')).toBe('max-age=120, public');
  });

  test('RESPONSE_CACHE=false keeps Cache-Control but answers every request afresh', async () => {
    const fresh = await start({ env: { RESPONSE_CACHE: 'false', CACHE_MAX_AGE: '30' } });
    const query = '{ entry(slug: "heartbeat") { slug citations { reference { slug } } } }';
    const first = await post(fresh, { query });
    const again = await post(fresh, { query });
    expect(again.body.data).toEqual(first.body.data);
    expect(again.headers.get('age')).toBeNull();
    // The entry and its citations' references: read again, not one revision check.
    expect(again.body.extensions?.sqlStatements).toBeGreaterThanOrEqual(2);
    expect(again.headers.get('cache-control')).toBe('max-age=30, public');
  });

  test('the response cache and the recommendation engine read the content revision once between them', async () => {
    const fresh = await start({ env: { RESPONSE_CACHE: 'false' } });
    const recommend = (weight: number) => ({
      query: `{ recommendAlgorithms(input: { weights: [{ quality: "accuracy", weight: ${weight} }] }) {
        candidates { rank } } }`,
    });
    // Warm requests (rating matrix loaded), each a cache miss where the cache is on.
    await post(server, recommend(1));
    await post(fresh, recommend(1));
    const cached = await post(server, recommend(2));
    const uncached = await post(fresh, recommend(2));
    expect(cached.headers.get('age')).toBeNull();
    expect(cached.body.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(cached.body.extensions?.sqlStatements).toBe(uncached.body.extensions?.sqlStatements);
  });

  test('a repeated read is answered from the finished responses the process keeps, for each way it is asked', async () => {
    const own = await start({ env: { CACHE_MAX_AGE: '120' } });
    const query = '{ entry(slug: "bulkhead") { slug title } }';
    const send = async (accept: string) => {
      const response = await fetch(`${own.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query }),
      });
      return {
        type: response.headers.get('content-type'),
        age: response.headers.get('age'),
        body: (await response.json()) as GraphQLResponse,
      };
    };
    const graphqlJson = 'application/graphql-response+json';
    const miss = await send(graphqlJson);
    expect(miss.age).toBeNull();
    // Once the revision comes by notification, a repeat costs no statement at all.
    const hit = await poll(
      () => send(graphqlJson),
      (sent) => sent.body.extensions?.sqlStatements === 0,
    );
    expect(hit.age).not.toBeNull();
    expect(hit.body.data).toEqual(miss.body.data);
    expect(hit.type).toMatch(/^application\/graphql-response\+json/);
    // Another Accept is another answer: not the bytes kept for the first.
    const plain = await send('application/json');
    expect(plain.type).toMatch(/^application\/json/);
    expect(plain.body.data).toEqual(miss.body.data);
    // GET is kept too, with the ETag of the bytes first sent: a client that has them gets a 304.
    // (Without SQL_STATS, whose statement counts make each body differ.)
    const plainStats = await start({ env: { CACHE_MAX_AGE: '120', SQL_STATS: 'false' } });
    const viaGet = () => get(plainStats, { query });
    const firstGet = await viaGet();
    expect(firstGet.headers.get('content-type')).toMatch(/json/);
    const keptGet = await viaGet();
    expect(keptGet.headers.get('age')).not.toBeNull();
    const etag = firstGet.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    expect(keptGet.headers.get('etag')).toBe(etag);
    const search = new URLSearchParams({ query });
    // (fetch would add `Cache-Control: no-cache` to a conditional request, as the Fetch standard says.)
    const revalidated = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(
          `${plainStats.baseUrl}/graphql?${search.toString()}`,
          { headers: { accept: '*/*', 'if-none-match': etag ?? '' } },
          (response) => {
            response.resume();
            resolve(response.statusCode);
          },
        )
        .on('error', reject);
    });
    expect(revalidated).toBe(304);

    const metrics = await (await fetch(`${plainStats.baseUrl}/metrics`)).text();
    const hits = (layer: string) =>
      Number(
        new RegExp(`designkb_response_cache_hits_total\\{layer="${layer}"\\} (\\d+)`).exec(metrics)?.[1],
      );
    // The second GET and the revalidation were answered by the process.
    expect(hits('process')).toBe(2);
    expect(hits('store')).toBe(0);
  });

  test('RESPONSE_CACHE_MEMORY_MB=0 keeps no finished responses: repeats come from the response cache', async () => {
    const own = await start({ env: { CACHE_MAX_AGE: '120', RESPONSE_CACHE_MEMORY_MB: '0' } });
    const variables = { slug: 'bulkhead' };
    await post(own, { query: ENTRY, variables });
    const again = await post(own, { query: ENTRY, variables });
    expect(again.headers.get('age')).not.toBeNull();
    const metrics = await (await fetch(`${own.baseUrl}/metrics`)).text();
    expect(metrics).toContain('designkb_response_cache_hits_total{layer="process"} 0');
    expect(metrics).toContain('designkb_response_cache_hits_total{layer="store"} 1');
  });

  test('CACHE_MAX_AGE=0 makes nothing cacheable', async () => {
    const uncached = await start({ env: { CACHE_MAX_AGE: '0' } });
    const variables = { slug: 'heartbeat' };
    await post(uncached, { query: ENTRY, variables });
    const again = await post(uncached, { query: ENTRY, variables });
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(again.headers.get('age')).toBeNull();
  });
});

describe('in Redis', () => {
  const prefix = uniquePrefix('cache');
  const env = { REDIS_URL, REDIS_PREFIX: prefix, CACHE_MAX_AGE: '300' };
  afterAll(() => dropKeys(prefix));

  function contentDir(summary: string): string {
    const entries = generateEntries({ algorithms: 2, qualities: 2, prefix: 'cache' }).map((e) =>
      e.slug === 'cache-algorithm-0' ? { ...e, summary } : e,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-cache-'));
    fs.writeFileSync(
      path.join(dir, 'content.yaml'),
      stringify({ entries }, { aliasDuplicateObjects: false }),
    );
    return dir;
  }

  test('a content change committed through the CLI is served on the next request, though the old answer is cached', async () => {
    let server = await start({ template: 'empty', content: contentDir('Before the change.'), env });
    const variables = { slug: 'cache-algorithm-0' };
    const before = await post(server, { query: ENTRY, variables });
    expect(before.body.data).toEqual({ entry: { slug: 'cache-algorithm-0', summary: 'Before the change.' } });
    // The answer is written to Redis just after it is sent.
    expect(await untilKeys(`${prefix}cache:fqc:`, 1)).toHaveLength(1);
    const cached = await post(server, { query: ENTRY, variables });
    expect(cached.headers.get('age')).not.toBeNull();

    const change = contentDir('After the change.');
    if (serverUrl) {
      // PostgreSQL: seed while the server runs.
      runCliOk(['seed', '--dir', change], server.env);
    } else {
      // Embedded PGlite serves one process at a time: stop, seed, start another instance that
      // shares the Redis cache where the old answer is still stored.
      await server.stop();
      runCliOk(['seed', '--dir', change], server.env);
      server = await start({ database: server.env, env });
    }
    const after = await post(server, { query: ENTRY, variables });
    expect(after.headers.get('age')).toBeNull();
    expect(after.body.data).toEqual({ entry: { slug: 'cache-algorithm-0', summary: 'After the change.' } });
    // The new answer is cached in turn, under the new revision.
    expect(await untilKeys(`${prefix}cache:fqc:`, 2)).toHaveLength(2);
    expect((await post(server, { query: ENTRY, variables })).headers.get('age')).not.toBeNull();
  });

  test('instances share persisted queries and cached responses through Redis', async () => {
    const [one, two] = await Promise.all([start({ env }), start({ env })]);
    const query = `{ entry(slug: "observer") { slug kind } }`;
    const extensions = {
      persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
    };
    const responses = (await redisKeys(`${prefix}cache:fqc:`)).length;
    const registered = await post(one, { query, extensions });
    expect(registered.body.data).toEqual({ entry: { slug: 'observer', kind: 'PATTERN' } });
    // `one` stores the query and its answer just after sending it.
    expect(await untilKeys(`${prefix}cache:apq:`, 1)).toHaveLength(1);
    expect(await untilKeys(`${prefix}cache:fqc:`, responses + 1)).toHaveLength(responses + 1);
    const elsewhere = await get(two, { extensions });
    expect(elsewhere.body.data).toEqual(registered.body.data);
    // `two` never executed it: its answer came from the cache `one` filled.
    expect(elsewhere.headers.get('age')).not.toBeNull();
    // At most the revision was read (none once `two` listens to revision notifications).
    expect(elsewhere.body.extensions?.sqlStatements).toBeLessThanOrEqual(1);
    // SIGTERM closes the Redis connection along with the rest, and the process exits cleanly.
    expect(await one.stop()).toBe(0);
    expect((await post(two, { query: ENTRY, variables: { slug: 'observer' } })).status).toBe(200);
  });

  test('a Redis that cannot be reached stops the server at start, naming REDIS_URL', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    await expect(startTestServer({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } })).rejects.toThrow(
      new RegExp(`Could not connect to Redis at 127\\.0\\.0\\.1:${port} \\(REDIS_URL\\)`),
    );
  });
});
