// Relevance of `search`: queries a student or a chatbot would type, each with the entry that must
// appear in the top 3. Reports the hit rate; anything below 100% fails.
import { startTestServer, type TestServer } from './support/server';

/** [query, slug that must be in the top 3, what the query exercises] */
const TABLE: [string, string, string][] = [
  ['heartbeat', 'heartbeat', 'exact name'],
  ['random forest', 'random-forest', 'exact name'],
  ['Netflix Prize', 'netflix-prize', 'exact name'],
  ['feature store', 'feature-store', 'exact name'],
  ['microservices', 'microservices', 'exact name'],
  ['inference latency', 'inference-latency', 'exact name'],
  ['heartb', 'heartbeat', 'prefix (type-ahead)'],
  ['interpretab', 'interpretability', 'prefix (type-ahead)'],
  ['neural net', 'neural-network', 'prefix (type-ahead)'],
  ['hartbeat', 'heartbeat', 'typo'],
  ['obsever', 'observer', 'typo'],
  ['interpretabilty', 'interpretability', 'typo'],
  ['netflx prize', 'netflix-prize', 'typo'],
  ['pub-sub', 'observer', 'synonym (alias)'],
  ['publish-subscribe', 'observer', 'synonym (alias)'],
  ['explainability', 'interpretability', 'synonym'],
  ['decision forest', 'random-forest', 'synonym (alias)'],
  ['keep-alive messages', 'heartbeat', 'synonym (alias)'],
  ['CART', 'decision-tree', 'abbreviation'],
  ['OLS', 'linear-regression', 'abbreviation'],
  ['event-driven architecture', 'event-based', 'paraphrase'],
  ['how do I detect a crashed service', 'heartbeat', 'question'],
  ['which model is easy to interpret', 'interpretability', 'question'],
  ['how much training data do I need', 'data-requirements', 'question'],
  ['can I update a model with new data without retraining', 'incremental-training', 'question'],
  ['how expensive is it to train a model', 'training-cost', 'question'],
  ['energy use and carbon emissions of training deep learning models', 'carbon-cost-of-training', 'question'],
  ['trade-off between accuracy and interpretability', 'accuracy-vs-interpretability', 'question'],
  ['detecting fraudulent credit card transactions', 'credit-card-fraud-detection', 'paraphrase'],
  ['why did Twitter redesign its architecture', 'twitter-redesign', 'question'],
  ['splitting a monolith into independently deployable services', 'microservices', 'paraphrase'],
  ['"training-serving skew"', 'training-serving-skew', 'web-search syntax: phrase'],
  ['tree -forest', 'quinlan-1986-induction-of-decision-trees', 'web-search syntax: exclusion'],
  ['ping or heartbeat', 'ping-echo', 'web-search syntax: or'],
  ['GPT-3 parameters', 'gpt-3', 'exact name'],
  ['Breiman random forests paper', 'breiman-2001-random-forests', 'reference'],
];

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const results = new Map<string, string[]>();

async function topThree(query: string): Promise<string[]> {
  const cached = results.get(query);
  if (cached) return cached;
  const response = await server.gql<{ search: { nodes: { slug: string }[] } }>(
    'query ($query: String!) { search(query: $query, first: 3) { nodes { slug } } }',
    { query },
  );
  expect(response.errors).toBeUndefined();
  const slugs = response.data?.search.nodes.map((node) => node.slug) ?? [];
  results.set(query, slugs);
  return slugs;
}

test('the table has at least 25 queries', () => {
  expect(TABLE.length).toBeGreaterThanOrEqual(25);
});

test.each(TABLE)('"%s" finds %s in the top 3 (%s)', async (query, slug) => {
  expect(await topThree(query)).toContain(slug);
});

test('the hit rate over the whole table is 100%', async () => {
  const misses: string[] = [];
  for (const [query, slug] of TABLE) {
    const top = await topThree(query);
    if (!top.includes(slug)) misses.push(`"${query}": wanted ${slug}, got ${top.join(', ') || 'nothing'}`);
  }
  const hits = TABLE.length - misses.length;
  process.stderr.write(
    `search relevance: ${hits}/${TABLE.length} queries (${((100 * hits) / TABLE.length).toFixed(1)}%) have the expected entry in the top 3\n`,
  );
  expect(misses).toEqual([]);
});
