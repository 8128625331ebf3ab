// Relevance of `search`: queries a student or a chatbot would type, each with the entry that must
// appear in the top 3. Reports the hit rate; anything below 100% fails.
import { RELEVANCE_TABLE as TABLE } from './support/relevance-table';
import { startTestServer, type TestServer } from './support/server';

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
