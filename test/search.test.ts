// `search` over HTTP: ranking details, highlights, facets, kinds, paging, typo tolerance, bad
// input, and search data that the database keeps current on every write.
import { createDatabase, runSql } from './support/databases';
import { startTestServer, type TestServer } from './support/server';

interface Edge {
  cursor: string;
  rank: number;
  match: 'ALL_TERMS' | 'SOME_TERMS' | 'FUZZY';
  highlight: string;
  highlightField: string;
  node: { slug: string; kind: string };
}

interface SearchResult {
  totalCount: number;
  facets: { kind: string; count: number }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: Edge[];
}

const SEARCH = `query ($query: String!, $kinds: [EntryKind!], $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, first: $first, after: $after) {
    totalCount
    facets { kind count }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor rank match highlight highlightField node { slug kind } }
  }
}`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function search(variables: Record<string, unknown>, on: TestServer = server): Promise<SearchResult> {
  const result = await on.gql<{ search: SearchResult }>(SEARCH, variables);
  expect(result.errors).toBeUndefined();
  return (result.data as { search: SearchResult }).search;
}

async function searchError(variables: Record<string, unknown>) {
  const result = await server.gql(SEARCH, variables);
  expect(result.data).toBeNull();
  expect(result.errors).toHaveLength(1);
  return (result.errors ?? [])[0] as { message: string; extensions?: Record<string, unknown> };
}

describe('results', () => {
  test('are ranked, best first, and a title match outranks a body mention', async () => {
    const { edges } = await search({ query: 'heartbeat' });
    expect(edges[0]?.node.slug).toBe('heartbeat');
    const ranks = edges.map((edge) => edge.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(edges[0]?.highlightField).toBe('TITLE');
    expect(edges[0]?.highlight).toBe('**Heartbeat**');
  });

  test('highlight the matched words in the field that matched, stemmed', async () => {
    const { edges } = await search({ query: 'detecting unavailable components', kinds: ['PATTERN'] });
    const heartbeat = edges.find((edge) => edge.node.slug === 'heartbeat');
    expect(heartbeat).toBeDefined();
    expect(heartbeat?.match).toBe('ALL_TERMS');
    expect(['BODY', 'DETAILS']).toContain(heartbeat?.highlightField);
    expect(heartbeat?.highlight).toMatch(/\*\*detect\w*\*\*/i);
    expect(heartbeat?.highlight).toMatch(/\*\*unavailable\*\*/i);
  });

  test('an alias match is highlighted in the aliases', async () => {
    const { edges } = await search({ query: 'pub-sub' });
    expect(edges[0]?.node.slug).toBe('observer');
    expect(edges[0]?.highlightField).toBe('ALIASES');
    expect(edges[0]?.highlight).toContain('**pub**-**sub**');
  });

  test('entries with every term come before entries with some terms', async () => {
    const { edges } = await search({ query: 'how do I detect a crashed service', first: 10 });
    expect(edges[0]?.node.slug).toBe('heartbeat');
    expect(edges[0]?.match).toBe('ALL_TERMS');
    const matches = edges.map((edge) => edge.match);
    expect(matches.indexOf('SOME_TERMS')).toBeGreaterThan(0);
    expect(matches.lastIndexOf('ALL_TERMS')).toBeLessThan(matches.indexOf('SOME_TERMS'));
  });

  test('the last word matches as a prefix, for type-ahead', async () => {
    const { edges } = await search({ query: 'heartb' });
    expect(edges[0]?.node.slug).toBe('heartbeat');
    expect(edges[0]?.match).toBe('ALL_TERMS');
  });

  test('a typo falls back to close spellings of titles and aliases', async () => {
    const { edges } = await search({ query: 'obsever' });
    expect(edges[0]?.node.slug).toBe('observer');
    expect(edges[0]?.match).toBe('FUZZY');
    expect(edges[0]?.highlightField).toBe('TITLE');
  });

  test('web-search syntax: a quoted phrase, an exclusion, or', async () => {
    const phrase = await search({ query: '"serving skew"' });
    expect(phrase.edges[0]?.node.slug).toBe('training-serving-skew');
    const trees = await search({ query: 'decision tree', first: 100 });
    const withoutForests = await search({ query: 'decision tree -forest', first: 100 });
    expect(withoutForests.totalCount).toBeGreaterThan(0);
    expect(withoutForests.totalCount).toBeLessThan(trees.totalCount);
    expect(withoutForests.edges.map((edge) => edge.node.slug)).not.toContain('random-forest');
    const either = await search({ query: 'keepalive or publish-subscribe' });
    expect(either.edges.map((edge) => edge.node.slug)).toEqual(
      expect.arrayContaining(['heartbeat', 'observer']),
    );
  });

  test('a query nothing matches gives an empty connection', async () => {
    const result = await search({ query: 'zzqxv' });
    expect(result).toEqual({
      totalCount: 0,
      facets: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null },
      edges: [],
    });
  });
});

describe('search terms: phrasings searched like aliases, never shown as names', () => {
  const PHRASE = 'notice a server went down';

  test('a question finds heartbeat through a search term, highlighted as one', async () => {
    const question = await search({ query: `how do I ${PHRASE}` });
    expect(question.edges[0]?.node.slug).toBe('heartbeat');
    const phrase = await search({ query: PHRASE });
    expect(phrase.edges[0]?.node.slug).toBe('heartbeat');
    expect(phrase.edges[0]?.highlightField).toBe('SEARCH_TERMS');
    expect(phrase.edges[0]?.highlight).toContain('**notice**');
    expect(phrase.edges[0]?.highlight).not.toContain('keep-alive');
  });

  test('the entry returns its search terms apart from its aliases and Markdown', async () => {
    const result = await server.gql<{
      entry: { aliases: string[]; searchTerms: string[]; markdown: string; reader: string };
      pattern: { searchTerms: string[] };
    }>(`{
      entry(slug: "heartbeat") { aliases searchTerms markdown reader: markdown(variant: READER) }
      pattern(slug: "heartbeat") { searchTerms }
    }`);
    expect(result.errors).toBeUndefined();
    const entry = result.data?.entry;
    expect(entry?.searchTerms).toContain(PHRASE);
    expect(result.data?.pattern.searchTerms).toEqual(entry?.searchTerms);
    expect(entry?.aliases).toContain('keep-alive');
    expect(entry?.aliases).not.toContain(PHRASE);
    expect(entry?.markdown).toContain('keep-alive');
    expect(entry?.markdown).not.toContain(PHRASE);
    expect(entry?.reader).not.toContain(PHRASE);
  });

  test('type-ahead offers names, not search terms', async () => {
    const result = await server.gql<{ suggest: { text: string; field: string }[] }>(
      `{ suggest(prefix: "notice a serv", first: 20) { text field } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.suggest.map((suggestion) => suggestion.text)).not.toContain(PHRASE);
  });
});

describe('facets, kinds and pages', () => {
  test('facets count every kind; kinds narrows the results and totalCount only', async () => {
    const all = await search({ query: 'latency', first: 100 });
    const patterns = await search({ query: 'latency', kinds: ['PATTERN'], first: 100 });
    expect(all.facets).toEqual(patterns.facets);
    expect(all.facets.reduce((sum, facet) => sum + facet.count, 0)).toBe(all.totalCount);
    const patternFacet = all.facets.find((facet) => facet.kind === 'PATTERN');
    expect(patterns.totalCount).toBe(patternFacet?.count);
    expect(patterns.edges.length).toBe(patterns.totalCount);
    expect(new Set(patterns.edges.map((edge) => edge.node.kind))).toEqual(new Set(['PATTERN']));
    for (const facet of all.facets) {
      expect(all.edges.filter((edge) => edge.node.kind === facet.kind)).toHaveLength(facet.count);
    }
  });

  test('pages follow each other without gaps or repeats', async () => {
    const whole = await search({ query: 'model', first: 30 });
    expect(whole.totalCount).toBeGreaterThan(30);
    const slugs: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result: SearchResult = await search({ query: 'model', first: 10, after });
      expect(result.pageInfo.hasPreviousPage).toBe(page > 0);
      expect(result.pageInfo.hasNextPage).toBe(true);
      slugs.push(...result.edges.map((edge) => edge.node.slug));
      after = result.pageInfo.endCursor;
    }
    expect(slugs).toEqual(whole.edges.map((edge) => edge.node.slug));
  });
});

describe('bad input', () => {
  test.each([
    [{ query: '   ' }, ['query'], /at least one word/],
    [{ query: 'x'.repeat(201) }, ['query'], /201 characters long; at most 200/],
    [{ query: 'model', first: 0 }, ['first'], /between 1 and 100/],
    [{ query: 'model', first: 101 }, ['first'], /between 1 and 100/],
    [{ query: 'model', after: 'bm90LWEtY3Vyc29y' }, ['after'], /not a cursor issued by `search`/],
  ])('%j is refused with BAD_USER_INPUT at %j', async (variables, path, message) => {
    const error = await searchError(variables);
    expect(error.message).toMatch(message);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: path });
  });

  test.each(['"unbalanced', '-', 'or', '!!! ???', "it's & | ! <-> :*"])(
    'odd syntax %j is searched, never an error',
    async (query) => {
      const result = await server.gql<{ search: SearchResult }>(SEARCH, { query });
      expect(result.errors).toBeUndefined();
      expect(result.data?.search.totalCount).toBeGreaterThanOrEqual(0);
    },
  );
});

test('body matches beyond those ranked by their whole text are still counted, ordered and reachable', async () => {
  // 120 bodies with both words, more than the 100 ranked by their whole text.
  const database = await createDatabase('seeded');
  await runSql(
    database,
    `UPDATE entry SET body = body || ' A quokkafied zebracorn.'
       WHERE id IN (SELECT id FROM entry WHERE kind = 'REFERENCE' ORDER BY slug LIMIT 120);`,
  );
  const own = await startTestServer({ database });
  try {
    const edges: Edge[] = [];
    let after: string | null = null;
    let result: SearchResult;
    do {
      result = await search({ query: 'quokkafied zebracorn', first: 40, after }, own);
      expect(result.totalCount).toBe(120);
      expect(result.facets).toEqual([{ kind: 'REFERENCE', count: 120 }]);
      edges.push(...result.edges);
      after = result.pageInfo.endCursor;
    } while (result.pageInfo.hasNextPage);
    expect(new Set(edges.map((edge) => edge.node.slug)).size).toBe(120);
    expect(edges.every((edge) => edge.match === 'ALL_TERMS' && edge.highlightField === 'BODY')).toBe(true);
    const ranks = edges.map((edge) => edge.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  } finally {
    await own.stop();
  }
});

test('the database keeps search data current on every write, whoever makes it', async () => {
  const database = await createDatabase('seeded');
  await runSql(
    database,
    `UPDATE entry SET title = 'Heartbeat (zebracorn tactic)' WHERE slug = 'heartbeat';
     UPDATE entry SET search_phrases = ARRAY['ask a wombatted worker'] WHERE slug = 'ping-echo';
     UPDATE pattern SET intent = 'Spot a quokkafied component.'
       WHERE entry_id = (SELECT id FROM entry WHERE slug = 'observer');`,
  );
  const own = await startTestServer({ database });
  try {
    const title = await search({ query: 'zebracorn' }, own);
    expect(title.edges.map((edge) => [edge.node.slug, edge.highlightField])).toEqual([
      ['heartbeat', 'TITLE'],
    ]);
    const detail = await search({ query: 'quokkafied' }, own);
    expect(detail.edges.map((edge) => [edge.node.slug, edge.highlightField])).toEqual([
      ['observer', 'DETAILS'],
    ]);
    const phrase = await search({ query: 'wombatted' }, own);
    expect(phrase.edges.map((edge) => [edge.node.slug, edge.highlightField])).toEqual([
      ['ping-echo', 'SEARCH_TERMS'],
    ]);
    const typo = await search({ query: 'zebracron' }, own);
    expect(typo.edges[0]?.node.slug).toBe('heartbeat');
  } finally {
    await own.stop();
  }
});
