// Unexpected failures are masked for the client and logged with the request id.
import { createDatabase, runSql } from './support/databases';
import { poll } from './support/poll';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  const database = await createDatabase('seeded');
  // A data-integrity failure the API cannot recover from: an algorithm without its detail row.
  await runSql(
    database,
    `DELETE FROM algorithm WHERE entry_id = (SELECT id FROM entry WHERE slug = 'decision-tree')`,
  );
  server = await startTestServer({ database, env: { LOG_LEVEL: 'error' } });
});
afterAll(() => server?.stop());

test('an internal error reaches the client masked, with its code, and is logged with the request id', async () => {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'test-request-42' },
    body: JSON.stringify({ query: '{ algorithm(slug: "decision-tree") { slug family } }' }),
  });
  expect(response.headers.get('x-request-id')).toBe('test-request-42');
  const body = (await response.json()) as {
    data: { algorithm: null };
    errors: { message: string; extensions: Record<string, unknown> }[];
  };
  expect(body.data.algorithm).toBeNull();
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  expect(body.errors[0]?.message).not.toMatch(/detail row|decision-tree/);

  // The log line is written asynchronously: wait for it (at most 2 s).
  const logged = await poll(
    () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('test-request-42')),
    (lines) => lines.length > 0,
  );
  expect(logged).toHaveLength(1);
  expect(logged[0]).toContain('has no detail row');

  // The server keeps serving.
  const next = await server.gql<{ algorithm: { slug: string } }>(
    '{ algorithm(slug: "random-forest") { slug } }',
  );
  expect(next.data?.algorithm.slug).toBe('random-forest');
});
