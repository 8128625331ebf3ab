// A bounded load test: one client sends the most expensive query the limits accept, as fast as
// the rate limit lets it, while another client's cheap query and /healthz are timed. Every bound
// is a ratio to the same measurement taken unloaded in this run, so a slow or busy machine moves
// both sides alike.
import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';

let server: TestServer;
const RATE_LIMIT_MAX = 600;
const RATE_LIMIT_WINDOW_SECONDS = 60;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      NODE_ENV: 'production',
      // An attacker varies the query; here the same one is sent again, so nothing may come from cache.
      RESPONSE_CACHE: 'false',
      RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
      RATE_LIMIT_WINDOW_SECONDS: String(RATE_LIMIT_WINDOW_SECONDS),
    },
  });
});
afterAll(() => server?.stop());

interface Answer {
  status: number;
  body: GraphQLResponse;
  ms: number;
}

/** Each client has a budget of its own (the rate limit counts per API key). */
async function gql(client: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': client },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { status: response.status, body, ms: performance.now() - started };
}

async function healthz(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/healthz`);
  await response.text();
  if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
  return performance.now() - started;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

const CHEAP = '{ entry(slug: "heartbeat") { slug title summary } }';

/** `count` copies of `selection` under aliases (`i` tells them apart), after `header` (`query (…)`). */
const aliased = (count: number, selection: (i: number) => string, header = '') =>
  `${header} { ${Array.from({ length: count }, (_, i) => `a${i}: ${selection(i)}`).join(' ')} }`;

/**
 * Candidates for the costliest request: each expensive field, aliased as often as the limits let
 * it (MAX_QUERY_ALIASES, then MAX_QUERY_COST: the refusal says what one copy costs, then
 * MAX_RESPONSE_BYTES).
 */
async function acceptedAtTheLimit(
  name: string,
  selection: (i: number) => string,
  variables?: Record<string, unknown>,
  header?: string,
): Promise<{ name: string; query: string; variables?: Record<string, unknown>; ms: number }> {
  let count = 30;
  for (;;) {
    const query = aliased(count, selection, header);
    const answer = await gql('calibration', query, variables);
    const error = answer.body.errors?.[0];
    if (!error) return { name: `${name} ×${count}`, query, variables, ms: answer.ms };
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const actual = error.extensions?.actual;
    const maximum = error.extensions?.maximum;
    const next =
      error.extensions?.limit === 'MAX_QUERY_COST' &&
      typeof actual === 'number' &&
      typeof maximum === 'number'
        ? Math.floor(maximum / (actual / count))
        : Math.floor(count * 0.8);
    count = Math.max(1, Math.min(count - 1, next));
  }
}

test('one client at the rate limit with the costliest accepted query keeps a cheap query within 10× and /healthz answering', async () => {
  // Warm-up: the first requests compile the code paths every later one takes.
  for (let i = 0; i < 10; i += 1) {
    await gql('cheap', CHEAP);
    await healthz();
  }
  const qualities = (await gql('calibration', '{ qualities(first: 100) { nodes { slug } } }')).body.data as {
    qualities: { nodes: { slug: string }[] };
  };
  const algorithms = (await gql('calibration', '{ algorithms(first: 100) { nodes { slug } } }')).body
    .data as {
    algorithms: { nodes: { slug: string }[] };
  };
  const everyPair = {
    s: algorithms.algorithms.nodes.map((n) => n.slug),
    q: qualities.qualities.nodes.map((n) => n.slug),
  };
  const everyWeight = {
    i: { weights: qualities.qualities.nodes.map((n) => ({ quality: n.slug, weight: 2 })), first: 100 },
  };
  const words = ['model', 'data', 'latency', 'accuracy', 'training', 'system', 'feature', 'pattern'];
  const candidates = [
    await acceptedAtTheLimit('a page of markdown', () => 'entries(first: 100) { nodes { markdown } }'),
    await acceptedAtTheLimit(
      'search with highlight and markdown',
      (i) =>
        `search(query: "${words[i % words.length] ?? ''}", first: 100) { edges { highlight node { markdown } } }`,
    ),
    await acceptedAtTheLimit(
      'search with highlight',
      (i) => `search(query: "${words[i % words.length] ?? ''}", first: 100) { edges { highlight } }`,
    ),
    await acceptedAtTheLimit(
      'every algorithm compared on every quality',
      () =>
        'compareAlgorithms(slugs: $s, qualities: $q) { rows { algorithm { slug } cells { quality { slug } level rationale citations { locator reference { slug title } } } } }',
      everyPair,
      'query ($s: [String!]!, $q: [String!])',
    ),
    await acceptedAtTheLimit(
      'a recommendation weighting every quality, explained',
      () =>
        'recommendAlgorithms(input: $i) { summary candidates { score explanation contributions { weight } } nearMisses { explanation } }',
      everyWeight,
      'query ($i: RecommendAlgorithmsInput!)',
    ),
    await acceptedAtTheLimit(
      'related entries nested to the depth limit',
      () =>
        'entries(first: 100) { nodes { related { entry { related { entry { slug title summary } } } } } }',
    ),
  ];
  // The costliest is the slowest of two more runs each.
  const timed = [];
  for (const candidate of candidates) {
    const runs = [];
    for (let i = 0; i < 2; i += 1) {
      const answer = await gql('calibration', candidate.query, candidate.variables);
      expect({ name: candidate.name, errors: answer.body.errors }).toEqual({
        name: candidate.name,
        errors: undefined,
      });
      runs.push(answer.ms);
    }
    timed.push({ ...candidate, ms: Math.min(...runs) });
  }
  const costliest = timed.reduce((a, b) => (b.ms > a.ms ? b : a));

  // Unloaded: the cheap query and /healthz, one at a time.
  const unloaded: number[] = [];
  const unloadedHealth: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    unloaded.push((await gql('cheap', CHEAP)).ms);
    unloadedHealth.push(await healthz());
  }

  // Loaded: the heavy client sends one request at a time, no faster than its budget allows.
  const interval = (RATE_LIMIT_WINDOW_SECONDS * 1000) / RATE_LIMIT_MAX;
  const heavy: Answer[] = [];
  let loading = true;
  const load = (async () => {
    while (loading) {
      const started = performance.now();
      heavy.push(await gql('heavy', costliest.query, costliest.variables));
      const wait = interval - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  const loaded: number[] = [];
  const loadedHealth: number[] = [];
  const probing = (async () => {
    while (loading) {
      loadedHealth.push(await healthz());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  // Let the heavy client get going first.
  while (heavy.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  // As many cheap queries as unloaded, and for as long as the heavy client needs to send five.
  // (Other users: a budget per hundred cheap queries, so none of them is rate limited.)
  while (loaded.length < unloaded.length || heavy.length < 5) {
    const answer = await gql(`cheap-${Math.floor(loaded.length / 100)}`, CHEAP);
    expect(answer.body.errors).toBeUndefined();
    loaded.push(answer.ms);
  }
  loading = false;
  await Promise.all([load, probing]);

  const report = {
    costliest: costliest.name,
    candidates: timed.map((c) => `${c.name}: ${c.ms.toFixed(0)} ms`),
    heavyRequests: heavy.length,
    heavyMs: percentile(
      heavy.map((h) => h.ms),
      50,
    ),
    cheapP99: { unloaded: percentile(unloaded, 99), loaded: percentile(loaded, 99) },
    healthzP99: { unloaded: percentile(unloadedHealth, 99), loaded: percentile(loadedHealth, 99) },
    healthzMax: Math.max(...loadedHealth),
  };
  // For the record: what was measured, whether or not the bounds below hold.
  process.stdout.write(`${JSON.stringify(report)}\n`);
  // Inside the budget: never rate limited, every answer complete.
  expect(heavy.every((h) => h.status === 200 && h.body.errors === undefined)).toBe(true);
  expect(heavy.length).toBeGreaterThanOrEqual(5);
  expect(report.cheapP99.loaded).toBeLessThan(10 * report.cheapP99.unloaded);
  expect(report.healthzP99.loaded).toBeLessThan(Math.max(100, 10 * report.healthzP99.unloaded));
}, 300_000);
