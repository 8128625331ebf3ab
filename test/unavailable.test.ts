// A database that cannot be reached: requests fail with SERVICE_UNAVAILABLE (no hang: the test
// would time out), /readyz says
// why with a 503, and the server stays up.
import net from 'node:net';
import { spawnServer, type SpawnedServer } from './support/spawn';

let server: SpawnedServer;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  server = await spawnServer({
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/designkb`,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'silent',
  });
});
afterAll(() => {
  server?.child.kill('SIGTERM');
});

test('GraphQL answers SERVICE_UNAVAILABLE, /readyz is 503 with the reason, /healthz stays 200', async () => {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ entry(slug: "accuracy") { slug } }' }),
  });
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');

  const ready = await fetch(`${server.baseUrl}/readyz`);
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { reason: string }).reason).toBe('database unreachable');

  expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.baseUrl}/kb/accuracy`)).status).toBe(503);
});
