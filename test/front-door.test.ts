// Repeated reads answered at the front door, before Express: the same bytes and headers as the
// whole stack sends, their own request id, the same rate-limit budget, a log line and a metrics
// sample each, one answer per origin, and a body still arriving left to Express.
import net from 'node:net';
import { poll } from './support/poll';
import { startedForThisFile, type TestServer } from './support/server';

const ORIGIN = 'https://app.example.org';
const OTHER_ORIGIN = 'https://course.example.edu';
const QUERY = 'query FrontDoorEntry { entry(slug: "bulkhead") { slug title } }';

const started = startedForThisFile();
const start = (env: Record<string, string>) =>
  started({
    env: { CACHE_MAX_AGE: '300', LOG_LEVEL: 'info', CORS_ORIGINS: `${ORIGIN}, ${OTHER_ORIGIN}`, ...env },
  });

interface Sent {
  status: number;
  headers: Headers;
  text: string;
}

async function post(server: TestServer, headers: Record<string, string> = {}, query = QUERY): Promise<Sent> {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A repeat answered from the kept bytes. */
const untilKept = (server: TestServer, headers: Record<string, string> = {}) =>
  poll(
    () => post(server, headers),
    (sent) => sent.headers.get('age') !== null,
  );

/** Headers that belong to one request, not to the answer. */
const OWN = new Set([
  'x-request-id',
  'age',
  'date',
  'ratelimit',
  'ratelimit-policy',
  'keep-alive',
  'connection',
]);
const answerHeaders = (headers: Headers) =>
  Object.fromEntries([...headers].filter(([name]) => !OWN.has(name)).map(([name, value]) => [name, value]));

describe('a repeated read', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Without SQL_STATS, whose statement counts make each body (and its ETag) differ.
    server = await start({ RATE_LIMIT_MAX: '0', SQL_STATS: 'false' });
  });

  test('is sent with the headers the whole stack gave the first answer, and a request id of its own', async () => {
    const first = await post(server, { 'x-request-id': 'front-door.first' });
    expect(first.status).toBe(200);
    expect(first.headers.get('age')).toBeNull();
    const kept = await untilKept(server);
    const again = await post(server, { 'x-request-id': 'front-door.again' });
    expect(again.headers.get('age')).not.toBeNull();
    expect(again.headers.get('x-request-id')).toBe('front-door.again');
    expect(kept.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answerHeaders(again.headers)).toEqual(answerHeaders(first.headers));
    // Security headers, CORS for this origin, the cache policy, and the body's own length.
    expect(again.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(again.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(again.headers.get('cache-control')).toBe('max-age=300, public');
    expect(Number(again.headers.get('content-length'))).toBe(Buffer.byteLength(again.text));
    const data = (sent: Sent) => (JSON.parse(sent.text) as { data: unknown }).data;
    expect(data(again)).toEqual(data(first));
  });

  test('for another origin is that origin’s answer, never the first origin’s CORS headers', async () => {
    await untilKept(server);
    const other = await post(server, { origin: OTHER_ORIGIN });
    expect(other.headers.get('access-control-allow-origin')).toBe(OTHER_ORIGIN);
    const unlisted = await post(server, { origin: 'https://elsewhere.example.com' });
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('is logged and counted like any other request', async () => {
    await untilKept(server, { 'x-request-id': 'front-door.logged' });
    const line = await poll(
      () =>
        server
          .output()
          .split('\n')
          .filter((l) => l.includes('"requestId":"front-door.logged"'))
          .at(-1),
      (l) => l !== undefined,
    );
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      method: 'POST',
      path: '/graphql',
      operation: 'FrontDoorEntry',
      status: 200,
      outcome: 'ok',
    });
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    const requests = Number(
      /designkb_http_requests_total\{route="\/graphql",operation="FrontDoorEntry",outcome="ok",code=""\} (\d+)/.exec(
        metrics,
      )?.[1],
    );
    const hits = Number(/designkb_response_cache_hits_total\{layer="process"\} (\d+)/.exec(metrics)?.[1]);
    expect(hits).toBeGreaterThan(0);
    // Every request was counted, the first (a miss) and every repeat.
    expect(requests).toBeGreaterThan(hits);
  });

  test('that misses is answered at the revision the front door learned: one sync per request, not two', async () => {
    const counters = async () => {
      const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
      return {
        syncs: value('designkb_revision_syncs_total'),
        requests: value('designkb_revision_sync_requests_total'),
      };
    };
    await untilKept(server);
    const before = await counters();
    // Queries never sent before: each is a miss at the front door, executed by Apollo Server.
    for (const slug of ['circuit-breaker', 'retry', 'timeout']) {
      const sent = await post(server, {}, `{ entry(slug: "${slug}") { slug } }`);
      expect(sent.status).toBe(200);
      expect(sent.headers.get('age')).toBeNull();
    }
    const after = await counters();
    expect(after.requests - before.requests).toBe(3);
    expect(after.syncs - before.syncs).toBe(3);
  });

  test('whose body arrives after its headers is answered all the same', async () => {
    await untilKept(server);
    const body = JSON.stringify({ query: QUERY });
    const url = new URL(server.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
            `Origin: ${ORIGIN}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
        );
        // The body comes in two parts, the second well after the headers. The socket stays open
        // (a client that half-closes it has its unanswered request aborted by node:http).
        socket.write(body.slice(0, 10));
        setTimeout(() => socket.write(body.slice(10)), 100);
      });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).toContain('{"data":{"entry":{"slug":"bulkhead","title":"Bulkhead"}}');
  });

  test('a malformed body of the same length is refused as before', async () => {
    await untilKept(server);
    const broken = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ entry(slug: \\"bulkhead\\") { slug }"',
    });
    expect(broken.status).toBe(400);
    expect(
      ((await broken.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('BAD_REQUEST');
  });
});

test('repeated reads count against the rate limit, and the refusal carries the CORS headers', async () => {
  const limited = await start({ RATE_LIMIT_MAX: '4', RATE_LIMIT_WINDOW_SECONDS: '60' });
  const sent: Sent[] = [];
  for (let i = 0; i < 6; i += 1) sent.push(await post(limited));
  const statuses = sent.map((s) => s.status);
  expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
  expect(statuses.slice(4)).toEqual([429, 429]);
  expect(sent.slice(1, 4).some((s) => s.headers.get('age') !== null)).toBe(true);
  expect(sent[3]?.headers.get('ratelimit')).toMatch(/r=0/);
  const refused = sent[4];
  expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(refused?.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  expect(refused?.headers.get('cache-control')).toBeNull();
  expect(JSON.parse(refused?.text ?? '{}')).toMatchObject({
    errors: [{ extensions: { code: 'RATE_LIMITED' } }],
  });
  const metrics = await (await fetch(`${limited.baseUrl}/metrics`)).text();
  expect(metrics).toMatch(/designkb_rate_limited_total 2/);
});
