// Requests in flight when the server stops or the client stalls: SIGTERM/SIGINT refuse new
// connections and let a request in flight finish within SHUTDOWN_GRACE_MS, then cut it; a body
// that never completes is answered at the request deadline.
import net from 'node:net';
import { poll } from './support/poll';
import { startSlowRequest } from './support/slow-request';
import { startTestServer, type TestServer } from './support/server';

const QUERY = '{ entry(slug: "accuracy") { slug title } }';

async function waitForOutput(server: TestServer, pattern: RegExp, timeoutMs = 5000): Promise<void> {
  const output = await poll(
    () => server.output(),
    (text) => pattern.test(text),
    { timeoutMs, intervalMs: 20 },
  );
  if (!pattern.test(output)) throw new Error(`the server never printed ${pattern}:\n${output}`);
}

/** Whether connecting to the server's port is refused (tried for up to two seconds). */
function refusesConnections(baseUrl: string): Promise<boolean> {
  const port = Number(new URL(baseUrl).port);
  const refused = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
  return poll(refused, (yes) => yes, { intervalMs: 50 });
}

/**
 * Waits until the server is serving the slow request (its metrics count it in flight, besides the
 * scrape itself): a request whose headers the server has not read yet is not in flight, and a
 * shutdown closes its connection.
 */
async function waitUntilInFlight(server: TestServer): Promise<void> {
  const inFlight = /^designkb_http_requests_in_flight 2$/m;
  const metrics = await poll(
    async () => (await fetch(`${server.baseUrl}/metrics`)).text(),
    (text) => inFlight.test(text),
    { timeoutMs: 5000, intervalMs: 50 },
  );
  if (!inFlight.test(metrics)) throw new Error('the slow request never reached the server');
}

/** The server's JSON log lines with the given message. */
function logLines(server: TestServer, msg: string): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

test('SIGTERM: new connections are refused, the request in flight gets its whole answer, exit 0', async () => {
  const server = await startTestServer({ env: { LOG_LEVEL: 'info' } });
  const slow = await startSlowRequest(server.baseUrl, QUERY);
  await waitUntilInFlight(server);

  const exited = server.stop('SIGTERM');
  await waitForOutput(server, /shutting down/);
  expect(await refusesConnections(server.baseUrl)).toBe(true);

  slow.finish();
  const answer = await slow.response;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toMatchObject({ data: { entry: { slug: 'accuracy', title: 'Accuracy' } } });
  expect(await exited).toBe(0);
  expect(logLines(server, 'shut down')).toEqual([expect.objectContaining({ exitCode: 0 })]);
});

test('SIGINT: a request that outlives SHUTDOWN_GRACE_MS is cut, and the process still exits 0', async () => {
  const server = await startTestServer({ env: { SHUTDOWN_GRACE_MS: '500', LOG_LEVEL: 'info' } });
  const slow = await startSlowRequest(server.baseUrl, QUERY); // never finished
  await waitUntilInFlight(server);

  const started = performance.now();
  const exited = server.stop('SIGINT');
  await expect(slow.response).rejects.toThrow();
  expect(await exited).toBe(0);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(450);
  expect(elapsed).toBeLessThan(4000);
});

describe('a client that never finishes sending its request', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { REQUEST_TIMEOUT_MS: '1000', LOG_LEVEL: 'info' } });
  });
  afterAll(() => server?.stop());

  test('gets a 503 SERVICE_UNAVAILABLE at REQUEST_TIMEOUT_MS, and the server goes on serving', async () => {
    const started = performance.now();
    const slow = await startSlowRequest(server.baseUrl, QUERY);
    const answer = await slow.response;
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        {
          message: 'The request did not complete within 1000 ms; retry shortly.',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
    });
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);

    const next = await server.gql<{ entry: { slug: string } }>(QUERY);
    expect(next.data?.entry.slug).toBe('accuracy');
    await waitForOutput(server, /"status":503/);
    expect(logLines(server, 'request completed')).toContainEqual(
      expect.objectContaining({ status: 503, outcome: 'server_error', code: 'SERVICE_UNAVAILABLE' }),
    );
  });
});
