// Requests built to hurt: list arguments far beyond what they mean, expensive fields asked for by
// the thousand, text PostgreSQL cannot store, variables nested to overflow a stack. Each gets a
// client error quickly, and the server keeps answering everyone else meanwhile.
import http from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info', MAX_RESPONSE_BYTES: '500kb' },
  });
  // A first request compiles the code paths every later one takes.
  await fetch(`${server.baseUrl}/healthz`);
  await gql('{ compareAlgorithms(slugs: ["random-forest"]) { rows { cells { level } } } }');
});
afterAll(() => server?.stop());

interface Timed<T> {
  status: number;
  body: T;
  ms: number;
}

async function post<T = GraphQLResponse>(path: string, body: unknown): Promise<Timed<T>> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, ms: performance.now() - started };
}

const gql = (query: string, variables?: Record<string, unknown>) => post('/graphql', { query, variables });

/** Sends `request` and, while it runs, probes /healthz; returns both with their times. */
async function withHealthProbe<T>(request: () => Promise<T>) {
  const probes: number[] = [];
  let running = true;
  const probing = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/healthz`);
      await response.text();
      probes.push(performance.now() - started);
    }
  })();
  const result = await request();
  running = false;
  await probing;
  return { result, probes };
}

const COMPARE = `query Compare($slugs: [String!]!, $qualities: [String!]) {
  compareAlgorithms(slugs: $slugs, qualities: $qualities) {
    qualities { slug }
    rows { algorithm { slug } cells { quality { slug } level rationale citations { locator } } }
  }
}`;

async function qualitySlugs(): Promise<string[]> {
  const { body } = await gql('{ qualities(first: 100) { nodes { slug } } }');
  const nodes = (body.data as { qualities: { nodes: { slug: string }[] } }).qualities.nodes;
  return nodes.map((n) => n.slug);
}

describe('list arguments', () => {
  test('compareAlgorithms with one slug 50 times and 4,000 qualities answers one row per distinct slug in well under a second, /healthz meanwhile', async () => {
    const known = await qualitySlugs();
    const qualities = Array.from({ length: 4000 }, (_, i) => known[i % known.length] as string);
    const { result, probes } = await withHealthProbe(() =>
      gql(COMPARE, { slugs: Array(50).fill('random-forest'), qualities }),
    );
    expect(result.body.errors).toBeUndefined();
    const data = result.body.data as {
      compareAlgorithms: { qualities: unknown[]; rows: { cells: unknown[] }[] };
    };
    expect(data.compareAlgorithms.rows).toHaveLength(1);
    expect(data.compareAlgorithms.qualities).toHaveLength(known.length);
    expect(data.compareAlgorithms.rows[0]?.cells).toHaveLength(known.length);
    expect(result.ms).toBeLessThan(1000);
    expect(probes.length).toBeGreaterThan(0);
    expect(Math.max(...probes)).toBeLessThan(1000);
  });

  test('more distinct qualities than the maximum is refused at once: by the cost estimate, or by validation naming `qualities`', async () => {
    const qualities = Array.from({ length: 8000 }, (_, i) => `q${i}`);
    const { result, probes } = await withHealthProbe(() =>
      gql(COMPARE, { slugs: Array(50).fill('random-forest'), qualities }),
    );
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.ms).toBeLessThan(1000);
    expect(Math.max(...probes)).toBeLessThan(1000);

    const cheap = await gql(
      'query ($slugs: [String!]!, $qualities: [String!]) { compareAlgorithms(slugs: $slugs, qualities: $qualities) { qualities { slug } } }',
      { slugs: Array(50).fill('random-forest'), qualities },
    );
    const error = cheap.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['qualities'] });
    expect(error?.message).toBe('`qualities` may hold at most 100 distinct items; got 8000.');
    expect(cheap.ms).toBeLessThan(1000);
  });

  test('the cost estimate multiplies by the distinct items the arguments hold, literals and variables alike', async () => {
    const slugs = Array.from({ length: 50 }, (_, i) => `algorithm-${i}`);
    const qualities = Array.from({ length: 100 }, (_, i) => `quality-${i}`);
    const refused = await gql(COMPARE, { slugs, qualities });
    expect(refused.status).toBe(400);
    const error = refused.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_QUERY_COST' });
    // 50 rows × 100 cells of 15 fields each (a list of citations counts 10), plus the columns.
    expect(error?.extensions?.actual).toBeGreaterThan(50 * 100 * 15);
    const literal = await gql(
      COMPARE.replace('query Compare($slugs: [String!]!, $qualities: [String!])', '')
        .replace('$slugs', JSON.stringify(slugs))
        .replace('$qualities', JSON.stringify(qualities)),
    );
    expect(literal.body.errors?.[0]?.extensions).toMatchObject(error?.extensions ?? {});
    // Repeated slugs count once: two distinct rows pass the estimate and reach validation.
    const repeated = await gql(COMPARE, {
      slugs: [...Array(60).fill('algorithm-0'), 'algorithm-1'],
      qualities,
    });
    expect(repeated.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentPath: ['slugs', 0],
    });
  });

  test.each([
    ['nodes(ids:)', '{ nodes(ids: $list) { id } }', '[ID!]!', 101, 'ids', ['ids']],
    ['entries(kinds:)', '{ entries(kinds: $list) { totalCount } }', '[EntryKind!]', 0, 'kinds', ['kinds']],
    [
      'algorithms(where: { satisfies })',
      '{ algorithms(where: { satisfies: $list }) { totalCount } }',
      '[QualityConstraint!]',
      101,
      'satisfies',
      ['where', 'satisfies'],
    ],
    [
      'recommendStyles(input: { promote })',
      '{ recommendStyles(input: { promote: $list }) { candidates { score } } }',
      '[String!]!',
      101,
      'promote',
      ['input', 'promote'],
    ],
  ])(
    '%s has a maximum, counted after repeats are dropped',
    async (_name, body, type, size, argument, path) => {
      const query = `query ($list: ${type}) ${body}`;
      const items = (n: number) =>
        Array.from({ length: n }, (_, i) =>
          argument === 'ids'
            ? `id-${i}`
            : argument === 'satisfies'
              ? { quality: `quality-${i}`, atLeast: 'LOW' }
              : `quality-${i}`,
        );
      if (size > 0) {
        const { body: answer } = await gql(query, { list: items(size) });
        expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: path });
        expect(answer.errors?.[0]?.message).toContain(`\`${argument}\` may hold at most 100 distinct items`);
      }
      if (argument === 'kinds') {
        const { body: answer } = await gql(query, { list: Array(500).fill('PATTERN') });
        expect(answer.errors).toBeUndefined();
      }
    },
  );

  test('recommendAlgorithms drops a repeated capability and a repeated weight, and still refuses conflicting ones', async () => {
    const query = `query ($input: RecommendAlgorithmsInput!) { recommendAlgorithms(input: $input) { weights { quality { slug } weight } constraints { quality { slug } } } }`;
    const repeated = await gql(query, {
      input: {
        requires: Array(300).fill('incremental-training'),
        weights: Array(300).fill({ quality: 'accuracy', weight: 2 }),
      },
    });
    expect(repeated.body.errors).toBeUndefined();
    const data = repeated.body.data as {
      recommendAlgorithms: { weights: unknown[]; constraints: unknown[] };
    };
    expect(data.recommendAlgorithms.weights).toHaveLength(1);
    expect(data.recommendAlgorithms.constraints).toHaveLength(1);
    const conflicting = await gql(query, {
      input: {
        weights: [
          { quality: 'accuracy', weight: 2 },
          { quality: 'accuracy', weight: 3 },
        ],
      },
    });
    expect(conflicting.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentPath: ['input', 'weights', 1, 'quality'],
    });
  });
});

const aliases = (count: number, selection: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

describe('expensive fields', () => {
  test('30 aliases of a page of markdown are refused as too costly before anything is read', async () => {
    const { status, body } = await gql(aliases(30, 'entries(first: 100) { nodes { markdown } }'));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'MAX_QUERY_COST',
      actual: 30 * (1 + 100 * 101),
    });
    expect(body.extensions?.sqlStatements).toBe(0);
    const search = await gql(
      aliases(10, 'search(query: "model", first: 100) { edges { highlight node { markdown } } }'),
    );
    expect(search.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('introspection costs what the schema holds: one full introspection passes, 30 in one document do not', async () => {
    const one = await gql(getIntrospectionQuery());
    expect(one.body.errors).toBeUndefined();
    const many = await gql(
      aliases(
        30,
        '__schema { types { name description fields { name description args { name } type { name } } } }',
      ),
    );
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'MAX_QUERY_COST',
    });
  });

  test('an answer larger than MAX_RESPONSE_BYTES is replaced by a 400 naming the limit', async () => {
    const one = await post('/graphql', {
      query: '{ entries(first: 100) { nodes { markdown } } }',
    });
    expect(one.body.errors).toBeUndefined();
    const size = JSON.stringify(one.body).length;
    expect(size).toBeLessThan(500 * 1024);
    const response = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: aliases(4, 'entries(first: 100) { nodes { markdown } }') }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'MAX_RESPONSE_BYTES',
      maximum: 500 * 1024,
    });
    expect(body.errors?.[0]?.extensions?.actual).toBeGreaterThan(3 * size);
  });

  test('an MCP JSON-RPC batch is refused: one message per POST, each counted by the rate limit', async () => {
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'compare_algorithms', arguments: { algorithms: ['random-forest', 'decision-tree'] } },
    });
    const { status, body, ms } = await post<{ error?: { code: number; message: string } }>(
      '/mcp',
      Array.from({ length: 55 }, (_, i) => call(i + 1)),
    );
    expect(status).toBe(400);
    expect(body.error?.code).toBe(-32600);
    expect(body.error?.message).toContain('batches are not accepted');
    expect(ms).toBeLessThan(1000);
  });
});

const NUL = 'heart\u0000beat';
const SURROGATE = 'heart\uD800beat';

async function serverErrors(): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return [
    ...text.matchAll(/^designkb_http_requests_total\{[^}]*outcome="server_error"[^}]*\} (\d+)/gm),
  ].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('bad text is bad input', () => {
  const cases: [string, string, Record<string, unknown>, (string | number)[]][] = [
    ['entry(slug:)', 'query ($s: String!) { entry(slug: $s) { slug } }', { s: NUL }, ['slug']],
    ['algorithm(slug:)', 'query ($s: String!) { algorithm(slug: $s) { slug } }', { s: SURROGATE }, ['slug']],
    ['search(query:)', 'query ($s: String!) { search(query: $s) { totalCount } }', { s: NUL }, ['query']],
    [
      'compareAlgorithms(slugs:)',
      'query ($s: [String!]!) { compareAlgorithms(slugs: $s) { rows { cells { level } } } }',
      { s: ['random-forest', SURROGATE] },
      ['slugs', 1],
    ],
    [
      'recommendAlgorithms(input: { scenario })',
      'query ($i: RecommendAlgorithmsInput!) { recommendAlgorithms(input: $i) { summary } }',
      { i: { scenario: NUL } },
      ['input', 'scenario'],
    ],
    [
      'entries(after:)',
      'query ($s: String) { entries(after: $s) { totalCount } }',
      { s: Buffer.from(JSON.stringify({ f: 'TITLE', v: NUL, s: 'x' })).toString('base64url') },
      ['after'],
    ],
  ];

  test.each(cases)(
    '%s with a NUL or lone surrogate is BAD_USER_INPUT naming it',
    async (_name, query, variables, path) => {
      const before = await serverErrors();
      const { status, body, ms } = await gql(query, variables);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: path });
      expect(status).toBeLessThan(500);
      expect(ms).toBeLessThan(1000);
      expect(await serverErrors()).toBe(before);
    },
  );

  test('the same text as a literal in the document is refused the same way', async () => {
    const { status, body } = await gql('{ entry(slug: "heart\\u0000beat") { slug } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['slug'] });
    expect(body.errors?.[0]?.message).toMatch(/^`slug` contains a NUL character/);
  });

  test('an UPDATED_AT cursor holding an invalid date is BAD_USER_INPUT', async () => {
    const after = Buffer.from(JSON.stringify({ f: 'UPDATED_AT', v: 'not a date', s: 'x' })).toString(
      'base64url',
    );
    const { body } = await gql(
      'query ($a: String) { entries(orderBy: { field: UPDATED_AT }, after: $a) { totalCount } }',
      {
        a: after,
      },
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['after'] });
  });

  test('a weight of 1e308 is BAD_USER_INPUT, not a score of Infinity', async () => {
    const { body } = await gql(
      'query ($i: RecommendAlgorithmsInput!) { recommendAlgorithms(input: $i) { candidates { score } } }',
      {
        i: {
          weights: [
            { quality: 'accuracy', weight: 1e308 },
            { quality: 'interpretability', weight: 1e308 },
          ],
        },
      },
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentPath: ['input', 'weights', 0, 'weight'],
    });
  });

  test('GET /kb/%00 is a 404, and the MCP tools refuse the same text as a tool error', async () => {
    const before = await serverErrors();
    for (const path of ['/kb/%00', '/kb/%00.md', '/kb/%ED%A0%80']) {
      const response = await fetch(`${server.baseUrl}${path}`);
      expect([400, 404]).toContain(response.status);
    }
    const { body } = await post<{ result?: { isError?: boolean; content: { text: string }[] } }>('/mcp', {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'get_entry', arguments: { slug: NUL } },
    });
    expect(body.result?.isError).toBe(true);
    expect(body.result?.content[0]?.text).toMatch(/^Invalid `slug`: `slug` contains a NUL character/);
    expect(await serverErrors()).toBe(before);
  });

  test('client errors are logged in one line at info, never at error and never with SQL', async () => {
    await gql('query ($s: String!) { search(query: $s) { totalCount } }', { s: NUL });
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":'));
    expect(lines.some((line) => line.includes('"level":50'))).toBe(false);
    expect(server.output()).not.toMatch(/SELECT|ts_headline/);
  });
});

describe('deep variables', () => {
  test('variables nested 10,000 deep (even unused) get a 400 before anything walks them', async () => {
    // Written out by hand: JSON.stringify itself overflows on such a value.
    const deep = `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`;
    const query = JSON.stringify('query ($v: [String]) { entry(slug: "heartbeat") { slug } }');
    const { status, body, ms } = await post('/graphql', `{"query":${query},"variables":{"unused":${deep}}}`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toContain('more than 32 levels deep');
    expect(ms).toBeLessThan(1000);
    const get = await fetch(
      `${server.baseUrl}/graphql?query=${encodeURIComponent('{ entry(slug: "heartbeat") { slug } }')}&variables=${encodeURIComponent(`{"v":${deep.slice(9_960, 10_043)}}`)}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    expect(get.status).toBe(400);
    const mcp = await post<{ error?: { code: number } }>(
      '/mcp',
      `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"deep":${deep}}}`,
    );
    expect(mcp.status).toBe(400);
    expect(mcp.body.error?.code).toBe(-32600);
    // The server is unharmed.
    expect((await gql('{ entry(slug: "heartbeat") { slug } }')).body.errors).toBeUndefined();
  });
});

describe('one shape for every refusal', () => {
  test('a mutation or subscription is a 400 client error, not INTERNAL_SERVER_ERROR', async () => {
    for (const query of ['mutation { entry }', 'subscription { entry }']) {
      const { status, body } = await gql(query);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
  });

  test('a persisted-query hash that does not match its query is a 400 client error', async () => {
    const { status, body } = await post('/graphql', {
      query: '{ entry(slug: "heartbeat") { slug } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  test('unknown routes and PUT /mcp answer JSON with a code, and /mcp checks the Host it is called by', async () => {
    const unknown = await fetch(`${server.baseUrl}/no/such/page`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const put = await fetch(`${server.baseUrl}/mcp`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(((await put.json()) as { jsonrpc: string }).jsonrpc).toBe('2.0');
    // The test server listens on 127.0.0.1: only loopback names may reach /mcp.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${server.baseUrl}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'evil.example' },
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
    });
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.body) as { error: { message: string } }).error.message).toBe(
      'Invalid Host: evil.example',
    );
  });

  test('enum suggestions do not leak in production', async () => {
    const { body } = await gql(
      'query ($l: Level) { algorithms(where: { satisfies: [{ quality: "accuracy", atLeast: $l }] }) { totalCount } }',
      {
        l: 'HIG',
      },
    );
    expect(body.errors?.[0]?.message).toBeDefined();
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});

describe('CPU-bound work keeps the deadline', () => {
  let tight: TestServer;
  beforeAll(async () => {
    tight = await startTestServer({ env: { REQUEST_TIMEOUT_MS: '150', RESPONSE_CACHE: 'false' } });
    // A first request compiles the code paths (a cold start on a busy machine can outlast the
    // deadline and Node's own request timeout a second later, which answers 408 instead).
    await tight.gql('{ entries(first: 5) { nodes { markdown } } }');
  });
  afterAll(() => tight?.stop());

  test('rendering 300 entries stops at REQUEST_TIMEOUT_MS with a 503 instead of finishing the work', async () => {
    const response = await fetch(`${tight.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: aliases(3, 'entries(first: 100) { nodes { markdown } }') }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
