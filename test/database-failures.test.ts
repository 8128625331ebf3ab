// PostgreSQL going away and coming back, and the timeouts that keep requests from hanging on a
// slow database. Runs on PostgreSQL whichever database the suite uses: the network between the
// server and the database goes through a TCP proxy the test cuts and restores, and locks taken
// from a second connection make statements wait.
import pg from 'pg';
import { createPostgresDatabase } from './support/databases';
import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const QUERY = '{ entry(slug: "accuracy") { slug title } }';

let database: { DATABASE_URL: string };

beforeAll(async () => {
  database = await createPostgresDatabase();
}, 120_000);

/** Sends the query and measures how long the answer took. */
async function timedQuery(server: TestServer): Promise<{ body: GraphQLResponse; ms: number }> {
  const started = performance.now();
  const body = await server.gql(QUERY);
  return { body, ms: performance.now() - started };
}

function expectAnswer(body: GraphQLResponse) {
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ entry: { slug: 'accuracy', title: 'Accuracy' } });
}

function expectUnavailable(body: GraphQLResponse) {
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
  expect(body.data).toEqual({ entry: null });
}

async function readiness(
  server: TestServer,
): Promise<{ status: number; body: { ready: boolean; reason?: string } }> {
  const response = await fetch(`${server.baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; reason?: string } };
}

describe('the database goes away and comes back', () => {
  let proxy: TcpProxy;
  let server: TestServer;

  beforeAll(async () => {
    const url = new URL(database.DATABASE_URL);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    server = await startTestServer({
      database: { DATABASE_URL: url.toString() },
      env: { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '500', LOG_LEVEL: 'warn' },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
  });

  test('connections reset and refused: requests fail fast, /readyz says why, the same process recovers', async () => {
    expectAnswer((await timedQuery(server)).body); // the pool now holds a connection

    await proxy.cut();
    const during = await Promise.all(Array.from({ length: 8 }, () => timedQuery(server)));
    for (const { body, ms } of during) {
      expectUnavailable(body);
      expect(ms).toBeLessThan(3000);
    }
    const ready = await readiness(server);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, reason: 'database unreachable' });
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const permalink = await fetch(`${server.baseUrl}/kb/accuracy`);
    expect(permalink.status).toBe(503);
    expect(await permalink.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    });

    await proxy.restore();
    expectAnswer((await timedQuery(server)).body);
    expect(await readiness(server)).toEqual({ status: 200, body: { ready: true } });
    expect((await fetch(`${server.baseUrl}/kb/accuracy`)).status).toBe(200);
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
  });

  test('a partition (nothing answers): requests fail within the connect and statement timeouts, then recover', async () => {
    expectAnswer((await timedQuery(server)).body); // a pooled connection that will stall
    await proxy.partition();
    // The first request may run on the stalled connection (given up at the statement timeout plus
    // a second), the others must open new connections (given up at the connect timeout).
    const during = await Promise.all(Array.from({ length: 4 }, () => timedQuery(server)));
    for (const { body, ms } of during) {
      expectUnavailable(body);
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(3000);
    }
    const started = performance.now();
    expect((await readiness(server)).status).toBe(503);
    expect(performance.now() - started).toBeLessThan(3000);

    await proxy.restore();
    expectAnswer((await timedQuery(server)).body);
    expect(await readiness(server)).toEqual({ status: 200, body: { ready: true } });
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
  });
});

describe('timeouts', () => {
  let locker: pg.Client | undefined;

  /** Holds an exclusive lock on the entry table from another connection: every read waits. */
  async function lockEntries(): Promise<void> {
    locker = new pg.Client({ connectionString: database.DATABASE_URL });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE entry IN ACCESS EXCLUSIVE MODE');
  }
  async function unlockEntries(): Promise<void> {
    await locker?.query('ROLLBACK');
    await locker?.end();
    locker = undefined;
  }
  afterEach(unlockEntries);

  test('PostgreSQL cancels a statement after DATABASE_STATEMENT_TIMEOUT_MS: SERVICE_UNAVAILABLE', async () => {
    const server = await startTestServer({
      database,
      // No response cache: the second query must reach the locked table, not a cached answer.
      env: { DATABASE_STATEMENT_TIMEOUT_MS: '500', LOG_LEVEL: 'warn', RESPONSE_CACHE: 'false' },
    });
    try {
      expectAnswer((await timedQuery(server)).body);
      await lockEntries();
      const { body, ms } = await timedQuery(server);
      expectUnavailable(body);
      expect(ms).toBeGreaterThanOrEqual(450);
      expect(ms).toBeLessThan(3000);
      // Logged as a database failure with PostgreSQL's reason, without a stack.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.output()).toMatch(
        /"msg":"database unavailable".*statement timeout|statement timeout.*"msg":"database unavailable"/,
      );

      await unlockEntries();
      expectAnswer((await timedQuery(server)).body);
    } finally {
      await server.stop();
    }
  });

  test('a request unanswered after REQUEST_TIMEOUT_MS gets a 503; waiting for a pooled connection is bounded too', async () => {
    const server = await startTestServer({
      database,
      env: {
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
        REQUEST_TIMEOUT_MS: '1000',
        DATABASE_POOL_MAX: '1',
        DATABASE_CONNECT_TIMEOUT_MS: '300',
        LOG_LEVEL: 'warn',
        RESPONSE_CACHE: 'false',
      },
    });
    try {
      expectAnswer((await timedQuery(server)).body);
      // The rating matrix loads in the background at start; let it finish before the pool's only
      // connection is made to wait.
      const recommendation = await server.gql('{ recommendAlgorithms(input: {}) { candidates { rank } } }');
      expect(recommendation.errors).toBeUndefined();
      await lockEntries();

      // The first request takes the pool's only connection and waits on the lock…
      const started = performance.now();
      const stuck = fetch(`${server.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      // …so the second cannot get a connection and gives up after the connect timeout.
      const waiting = await timedQuery(server);
      expectUnavailable(waiting.body);
      expect(waiting.ms).toBeLessThan(900);

      const response = await stuck;
      const elapsed = performance.now() - started;
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'The request did not complete within 1000 ms; retry shortly.',
            extensions: { code: 'SERVICE_UNAVAILABLE' },
          },
        ],
      });
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(3000);

      // The statement finishes once the lock goes; its late answer is dropped, the server goes on.
      await unlockEntries();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expectAnswer((await timedQuery(server)).body);
      expect(server.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|unhandled|uncaught/i);
    } finally {
      await server.stop();
    }
  });
});
