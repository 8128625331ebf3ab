// Search that forgives: misspelt words inside longer queries (with `didYouMean`), comparisons
// ("X vs Y"), a kind named beside the topic ("observer pattern"), and type-ahead `suggest`.
import { startTestServer, type TestServer } from './support/server';

interface SearchResult {
  didYouMean: string | null;
  comparing: string[] | null;
  edges: { rank: number; match: string; node: { slug: string; kind: string } }[];
}
interface Suggestion {
  text: string;
  field: string;
  slug: string;
  kind: string;
  title: string;
  fuzzy: boolean;
  entry: { slug: string; summary: string };
}

const SEARCH = `query ($query: String!, $kinds: [EntryKind!], $first: Int) {
  search(query: $query, kinds: $kinds, first: $first) {
    didYouMean comparing edges { rank match node { slug kind } }
  }
}`;
const SUGGEST = `query ($prefix: String!, $kinds: [EntryKind!], $first: Int) {
  suggest(prefix: $prefix, kinds: $kinds, first: $first) {
    text field slug kind title fuzzy entry { slug summary }
  }
}`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function search(query: string, extra: Record<string, unknown> = {}): Promise<SearchResult> {
  const result = await server.gql<{ search: SearchResult }>(SEARCH, { query, ...extra });
  expect(result.errors).toBeUndefined();
  return (result.data as { search: SearchResult }).search;
}
const top = (result: SearchResult, n = 3) => result.edges.slice(0, n).map((edge) => edge.node.slug);

async function suggest(prefix: string, extra: Record<string, unknown> = {}): Promise<Suggestion[]> {
  const result = await server.gql<{ suggest: Suggestion[] }>(SUGGEST, { prefix, ...extra });
  expect(result.errors).toBeUndefined();
  return (result.data as { suggest: Suggestion[] }).suggest;
}

describe('a misspelt word inside a longer query', () => {
  test.each([
    ['obsever pattern', 'observer pattern', 'observer'],
    ['heartbaet tactic', 'heartbeat tactic', 'heartbeat'],
    ['randm forest', 'random forest', 'random-forest'],
    ['netflx prize', 'netflix prize', 'netflix-prize'],
  ])('%s is searched as %s and finds %s first', async (query, corrected, slug) => {
    const result = await search(query);
    expect(result.didYouMean).toBe(corrected);
    expect(result.edges[0]?.node.slug).toBe(slug);
    // The results matched a close spelling of what was typed, not the words themselves.
    expect(result.edges.every((edge) => edge.match === 'FUZZY')).toBe(true);
  });

  test('a query whose words the knowledge base uses is searched as typed', async () => {
    const result = await search('random forest');
    expect(result.didYouMean).toBeNull();
    expect(result.edges[0]).toMatchObject({ match: 'ALL_TERMS', node: { slug: 'random-forest' } });
  });

  test('an unfinished last word is type-ahead, not a typo', async () => {
    const result = await search('interpretab');
    expect(result.didYouMean).toBeNull();
    expect(top(result)).toContain('interpretability');
  });
});

describe('comparisons', () => {
  test.each([
    ['microservice vs monolith', ['microservices', 'monolith']],
    ['monolith versus microservices', ['monolith', 'microservices']],
    ['ping or heartbeat', ['ping-echo', 'heartbeat']],
    ['accuracy compared to interpretability', ['accuracy', 'interpretability']],
  ])('%s finds both sides first, alternating', async (query, expected) => {
    const result = await search(query);
    expect(result.comparing).toHaveLength(2);
    expect(top(result, 2)).toEqual(expected);
    const ranks = result.edges.map((edge) => edge.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(new Set(result.edges.map((edge) => edge.node.slug)).size).toBe(result.edges.length);
  });

  test('a trade-off between the two sides follows the first pair', async () => {
    const result = await search('accuracy vs interpretability');
    expect(result.edges[2]?.node).toEqual({ slug: 'accuracy-vs-interpretability', kind: 'TRADEOFF' });
  });

  test('a misspelt side is corrected and said so', async () => {
    const result = await search('obsever vs heartbeat');
    expect(result.didYouMean).toBe('observer vs heartbeat');
    expect(top(result, 2)).toEqual(['observer', 'heartbeat']);
  });

  test('kinds narrow both sides', async () => {
    const result = await search('monolith vs microservices', { kinds: ['STYLE'] });
    expect(result.edges.every((edge) => edge.node.kind === 'STYLE')).toBe(true);
    expect(top(result, 2)).toEqual(['monolith', 'microservices']);
  });
});

describe('a kind named beside the topic', () => {
  test('prefers entries of that kind', async () => {
    expect(top(await search('observer pattern'), 1)).toEqual(['observer']);
    expect(top(await search('twitter case study'), 1)).toEqual(['twitter-redesign']);
  });

  test('leaves a name that contains a kind word alone', async () => {
    expect(top(await search('design patterns'), 1)).toEqual(['design-patterns']);
  });
});

describe('suggest', () => {
  test('completes titles first, then aliases, shortest first', async () => {
    const suggestions = await suggest('heartb');
    expect(suggestions[0]).toMatchObject({
      text: 'Heartbeat',
      field: 'TITLE',
      slug: 'heartbeat',
      fuzzy: false,
    });
    expect(suggestions[0]?.entry.slug).toBe('heartbeat');
    expect(suggestions[0]?.entry.summary.length).toBeGreaterThan(0);
  });

  test('matches the start of any word of a name and says when an alias matched', async () => {
    const suggestions = await suggest('publish');
    const observer = suggestions.find((s) => s.slug === 'observer');
    expect(observer).toBeDefined();
    expect(observer?.title).toMatch(/Observer/);
  });

  test('tolerates a typo in what has been typed', async () => {
    const suggestions = await suggest('obsev');
    expect(suggestions.map((s) => s.slug)).toContain('observer');
    expect(suggestions.find((s) => s.slug === 'observer')?.fuzzy).toBe(true);
  });

  test('narrows by kind and caps the count', async () => {
    const suggestions = await suggest('m', { kinds: ['STYLE'], first: 2 });
    expect(suggestions).toHaveLength(2);
    expect(suggestions.every((s) => s.kind === 'STYLE')).toBe(true);
  });

  test('rejects an empty prefix and a count out of range, naming the argument', async () => {
    const empty = await server.gql(SUGGEST, { prefix: '  ' });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['prefix'] });
    const many = await server.gql(SUGGEST, { prefix: 'a', first: 21 });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: ['first'] });
  });
});
