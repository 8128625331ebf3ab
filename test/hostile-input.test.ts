// Requests built to hurt: list arguments far beyond what they mean, expensive fields asked for by
// the thousand, text PostgreSQL cannot store, variables nested to overflow a stack. Each gets a
// client error quickly, and the server keeps answering everyone else meanwhile.
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
    body: JSON.stringify(body),
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
    expect(Math.max(...probes)).toBeLessThan(500);
  });

  test('more distinct qualities than the maximum is refused at once: by the cost estimate, or by validation naming `qualities`', async () => {
    const qualities = Array.from({ length: 8000 }, (_, i) => `q${i}`);
    const { result, probes } = await withHealthProbe(() =>
      gql(COMPARE, { slugs: Array(50).fill('random-forest'), qualities }),
    );
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.ms).toBeLessThan(1000);
    expect(Math.max(...probes)).toBeLessThan(500);

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
    const one = await post<GraphQLResponse>('/graphql', {
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
