// Query limits: every legitimate query of the README passes the default limits, while deep, wide,
// aliased, over-directed and over-long documents are refused before anything executes, with
// QUERY_TOO_COMPLEX naming the limit and its value. Field suggestions are hidden in production.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/databases';
import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';

let server: TestServer;
let production: TestServer;

beforeAll(async () => {
  [server, production] = await Promise.all([
    startTestServer(),
    startTestServer({ env: { NODE_ENV: 'production', MAX_QUERY_DEPTH: '6', MAX_QUERY_COST: '2000' } }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), production?.stop()]));

async function send(target: TestServer, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${target.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

/** Sends a query that must be refused by one limit, and returns the error. */
async function refused(target: TestServer, query: string, variables?: Record<string, unknown>) {
  const { status, body } = await send(target, query, variables);
  expect(status).toBe(400);
  expect(body.data).toBeUndefined();
  expect(body.errors).toHaveLength(1);
  const error = body.errors?.[0];
  expect(error?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  return error as { message: string; extensions: Record<string, unknown> };
}

/** `entry { related { entry { related … } } }`, `levels` relations deep. */
function relatedChain(levels: number): string {
  let inner = 'slug';
  for (let i = 0; i < levels; i += 1) inner = `related { entry { ${inner} } }`;
  return `{ entry(slug: "heartbeat") { ${inner} } }`;
}

const README_QUERIES = [
  ...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g),
].map((match) => match[1] as string);

test('the README has example queries, and each passes the default limits without errors', async () => {
  expect(README_QUERIES.length).toBeGreaterThanOrEqual(8);
  for (const query of README_QUERIES) {
    const { status, body } = await send(server, query);
    expect({ query, errors: body.errors }).toEqual({ query, errors: undefined });
    expect(status).toBe(200);
  }
});

test('depth: a chain through related entries deeper than MAX_QUERY_DEPTH is refused with the depth found', async () => {
  // 4 relations: entry + 4 × (related, entry) + slug = 10 levels, the default limit.
  const allowed = await send(server, relatedChain(4));
  expect(allowed.body.errors).toBeUndefined();
  const error = await refused(server, relatedChain(6));
  expect(error.message).toBe('Query depth 14 exceeds the limit of 10 (MAX_QUERY_DEPTH).');
  expect(error.extensions).toMatchObject({ limit: 'MAX_QUERY_DEPTH', maximum: 10, actual: 14 });
});

test('depth counts fields, not fragments, and the limit follows MAX_QUERY_DEPTH', async () => {
  const query =
    '{ entry(slug: "heartbeat") { ... on Pattern { alternatives { ...F } } } } fragment F on Pattern { relatedPatterns { slug } }';
  expect((await send(server, query)).body.errors).toBeUndefined();
  const error = await refused(production, relatedChain(3));
  expect(error.message).toBe('Query depth 8 exceeds the limit of 6 (MAX_QUERY_DEPTH).');
});

test('cost: page sizes multiply what they select, from literals and variables alike', async () => {
  const query =
    'query ($n: Int) { qualities(first: $n) { nodes { ratings { algorithm { ratings { quality { slug } } } } } } }';
  const literal = await refused(server, query.replace('($n: Int) ', '').replace('$n', '100'));
  const variable = await refused(server, query, { n: 100 });
  expect(variable.message).toBe(literal.message);
  expect(variable.message).toMatch(/^Query cost (\d+) exceeds the limit of 50000 \(MAX_QUERY_COST\)\.$/);
  expect(variable.extensions).toMatchObject({ limit: 'MAX_QUERY_COST', maximum: 50000 });
  expect(variable.extensions.actual).toBeGreaterThan(50000);
  // One page of one, same shape: well within the limit, and answered.
  const small = await send(server, query, { n: 1 });
  expect(small.body.errors).toBeUndefined();
  expect((small.body.data as { qualities: { nodes: unknown[] } }).qualities.nodes).toHaveLength(1);
  // Costs are kept per document and variables: each set is charged its own, in any order.
  expect((await refused(server, query, { n: 100 })).message).toBe(variable.message);
  expect((await send(server, query, { n: 1 })).body.errors).toBeUndefined();
});

test('cost: an unpaged list that grows with the knowledge base (Quality.ratings) counts as large', async () => {
  const one = '{ quality(slug: "accuracy") { ratings { level algorithm { slug } } } }';
  expect((await send(production, one)).body.errors).toBeUndefined();
  const many = '{ qualities(first: 20) { nodes { ratings { level algorithm { slug } } } } }';
  const error = await refused(production, many);
  expect(error.message).toMatch(/^Query cost \d+ exceeds the limit of 2000 \(MAX_QUERY_COST\)\.$/);
});

test('aliases: more than MAX_QUERY_ALIASES are refused, 1000 of them included', async () => {
  const aliased = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: entry(slug: "heartbeat") { slug }`).join(' ')} }`;
  expect((await send(server, aliased(30))).body.errors).toBeUndefined();
  const error = await refused(server, aliased(31));
  expect(error.message).toBe('Query uses 31 aliases, more than the limit of 30 (MAX_QUERY_ALIASES).');
  // 1000 aliases also break the token limit, which is checked first, while parsing.
  expect((await refused(server, aliased(1000))).extensions.limit).toBe('MAX_QUERY_TOKENS');
});

test('directives: more than MAX_QUERY_DIRECTIVES are refused', async () => {
  const fields = Array.from({ length: 51 }, () => 'slug @include(if: true)').join(' ');
  const error = await refused(server, `{ entry(slug: "heartbeat") { ${fields} } }`);
  expect(error.message).toBe('Query uses 51 directives, more than the limit of 50 (MAX_QUERY_DIRECTIVES).');
});

test('tokens: a document longer than MAX_QUERY_TOKENS is refused while parsing', async () => {
  const error = await refused(server, `{ entry(slug: "heartbeat") { ${'slug '.repeat(3000)} } }`);
  expect(error.message).toBe('Query has more than 3000 tokens, the limit (MAX_QUERY_TOKENS).');
  expect(error.extensions).toMatchObject({ limit: 'MAX_QUERY_TOKENS', maximum: 3000 });
});

test('a refused query is not executed: nothing is read from the database', async () => {
  const { body } = await send(server, relatedChain(8));
  expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  expect(body.extensions?.sqlStatements).toBe(0);
});

test('introspection (what Apollo Sandbox and codegen send) is within the limits', async () => {
  const { body } = await send(
    server,
    '{ __schema { types { name fields { name args { name type { name ofType { name ofType { name ofType { name } } } } } } } } }',
  );
  expect(body.errors).toBeUndefined();
});

test('field suggestions are given in development and hidden in production; no stack traces in either', async () => {
  const query = '{ entry(slug: "heartbeat") { slugg } }';
  const development = await send(server, query);
  expect(development.body.errors?.[0]?.message).toContain('Did you mean "slug"?');
  const hidden = await send(production, query);
  expect(hidden.status).toBe(400);
  expect(hidden.body.errors?.[0]?.message).toBe(
    'Cannot query field "slugg" on type "Entry". The names are listed at GET /schema.graphql.',
  );
  for (const { body } of [development, hidden]) {
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
  }
});

test('an invalid limit in the environment stops the server with a message naming it', async () => {
  await expect(startTestServer({ env: { MAX_QUERY_DEPTH: 'deep' } })).rejects.toThrow(/MAX_QUERY_DEPTH/);
});
