// The read API over HTTP against the seeded knowledge base: lookups, connections, filters,
// relations and the errors a client gets for bad arguments.
import { startTestServer, untilRevisionNotificationsAreLive, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** Sends a query that must succeed and returns its data. */
async function data<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await server.gql<T>(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** Sends a query that must fail with one error and returns that error. */
async function failure(query: string, variables?: Record<string, unknown>) {
  const result = await server.gql(query, variables);
  expect(result.errors).toHaveLength(1);
  return result.errors?.[0] as { message: string; extensions?: Record<string, unknown> };
}

describe('lookups', () => {
  test.each([
    ['linear-regression', 'Algorithm'],
    ['random-forest', 'Algorithm'],
    ['accuracy', 'Quality'],
    ['incremental-training', 'Quality'],
    ['heartbeat', 'Pattern'],
    ['feature-store', 'Pattern'],
    ['microservices', 'Style'],
    ['twitter-redesign', 'CaseStudy'],
    ['netflix-prize', 'CaseStudy'],
    ['credit-card-fraud-detection', 'Scenario'],
    ['accuracy-vs-interpretability', 'Tradeoff'],
  ])('entry(slug: "%s") is a %s', async (slug, type) => {
    const { entry } = await data<{ entry: { __typename: string; slug: string; url: string } }>(
      'query ($slug: String!) { entry(slug: $slug) { __typename slug url } }',
      { slug },
    );
    expect(entry.__typename).toBe(type);
    expect(entry.url).toBe(`${server.baseUrl.replace('127.0.0.1', 'localhost')}/kb/${slug}`);
  });

  test('an unknown slug, or a slug of another kind, gives null', async () => {
    const result = await data<Record<string, unknown>>(
      '{ entry(slug: "no-such-entry") { slug } algorithm(slug: "observer") { slug } pattern(slug: "observer") { slug } }',
    );
    expect(result).toEqual({ entry: null, algorithm: null, pattern: { slug: 'observer' } });
  });

  test('node and nodes resolve global ids in order, null for ids that match nothing', async () => {
    const { algorithm, quality } = await data<{ algorithm: { id: string }; quality: { id: string } }>(
      '{ algorithm(slug: "decision-tree") { id } quality(slug: "accuracy") { id } }',
    );
    const missing = Buffer.from('ALGORITHM:00000000-0000-4000-8000-000000000000').toString('base64url');
    const result = await data<{ node: { slug: string }; nodes: ({ slug: string } | null)[] }>(
      'query ($id: ID!, $ids: [ID!]!) { node(id: $id) { ... on Entry { slug } } nodes(ids: $ids) { ... on Entry { slug } } }',
      { id: algorithm.id, ids: [quality.id, missing, algorithm.id] },
    );
    expect(result.node.slug).toBe('decision-tree');
    expect(result.nodes).toEqual([{ slug: 'accuracy' }, null, { slug: 'decision-tree' }]);
  });
});

describe('connections', () => {
  const PAGE = /* GraphQL */ `
    query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: EntryOrder) {
      qualities(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
        totalCount
        edges {
          cursor
          node {
            slug
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `;
  interface Page {
    qualities: {
      totalCount: number;
      edges: { cursor: string; node: { slug: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
    };
  }

  test('paging forward and backward visits every item once, in order', async () => {
    const all = (await data<Page>(PAGE, { first: 100, orderBy: { field: 'SLUG' } })).qualities;
    expect(all.totalCount).toBeGreaterThanOrEqual(25);
    const slugs = all.edges.map((e) => e.node.slug);
    expect(slugs).toEqual([...slugs].sort());

    const forward: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await data<Page>(PAGE, { first: 7, after, orderBy: { field: 'SLUG' } })).qualities;
      forward.push(...page.edges.map((e) => e.node.slug));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(slugs);

    const backward: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = (await data<Page>(PAGE, { last: 7, before, orderBy: { field: 'SLUG' } })).qualities;
      backward.unshift(...page.edges.map((e) => e.node.slug));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(slugs);
  });

  test('orders by title descending, ties broken by slug', async () => {
    const { entries } = await data<{ entries: { totalCount: number; nodes: { title: string }[] } }>(
      '{ entries(kinds: [STYLE], orderBy: { field: TITLE, direction: DESC }, first: 10) { totalCount nodes { title } } }',
    );
    const titles = entries.nodes.map((n) => n.title);
    // The lecture's six styles and more; the first page holds up to ten of them.
    expect(entries.totalCount).toBeGreaterThanOrEqual(6);
    expect(titles).toHaveLength(Math.min(10, entries.totalCount));
    expect(titles).toEqual([...titles].sort((a, b) => b.localeCompare(a, 'en')));
  });
});

describe('filters', () => {
  const slugsOf = (connection: { nodes: { slug: string }[] }) => connection.nodes.map((n) => n.slug).sort();

  test('algorithms by task and by the quality bounds they satisfy', async () => {
    const result = await data<
      Record<
        'regression' | 'interpretable' | 'accurateAndCheap',
        { totalCount: number; nodes: { slug: string }[] }
      >
    >(/* GraphQL */ `
      {
        regression: algorithms(where: { task: "regression" }) {
          totalCount
          nodes {
            slug
          }
        }
        interpretable: algorithms(where: { satisfies: [{ quality: "interpretability", atLeast: HIGH }] }) {
          totalCount
          nodes {
            slug
          }
        }
        accurateAndCheap: algorithms(
          where: {
            satisfies: [{ quality: "accuracy", atLeast: HIGH }, { quality: "training-cost", atMost: LOW }]
          }
        ) {
          totalCount
          nodes {
            slug
          }
        }
      }
    `);
    expect(slugsOf(result.regression)).toContain('linear-regression');
    expect(slugsOf(result.interpretable)).toContain('linear-regression');
    expect(slugsOf(result.interpretable)).not.toContain('neural-network');
    expect(result.interpretable.totalCount).toBe(result.interpretable.nodes.length);
    // The lecture's point: nothing is both very accurate and cheap to train.
    expect(slugsOf(result.accurateAndCheap)).not.toContain('neural-network');
    expect(slugsOf(result.accurateAndCheap)).not.toContain('linear-regression');
  });

  test('qualities by category, patterns by kind, styles by effect, trade-offs by quality', async () => {
    const result = await data<{
      qualities: { nodes: { slug: string; category: string }[] };
      patterns: { nodes: { slug: string }[] };
      styles: { nodes: { slug: string }[] };
      tradeoffs: { nodes: { slug: string; qualities: { slug: string }[] }[] };
    }>(/* GraphQL */ `
      {
        qualities(where: { category: MODEL }, first: 100) {
          nodes {
            slug
            category
          }
        }
        patterns(where: { patternKind: ARCHITECTURAL_TACTIC }) {
          nodes {
            slug
          }
        }
        styles(where: { promotes: ["scalability"] }) {
          nodes {
            slug
          }
        }
        tradeoffs(where: { quality: "accuracy" }) {
          nodes {
            slug
            qualities {
              slug
            }
          }
        }
      }
    `);
    expect(result.qualities.nodes.length).toBeGreaterThan(3);
    expect(new Set(result.qualities.nodes.map((q) => q.category))).toEqual(new Set(['MODEL']));
    expect(slugsOf(result.patterns)).toEqual(expect.arrayContaining(['heartbeat', 'ping-echo']));
    expect(slugsOf(result.patterns)).not.toContain('observer');
    expect(slugsOf(result.styles)).toContain('microservices');
    expect(slugsOf(result.tradeoffs)).toContain('accuracy-vs-interpretability');
    for (const t of result.tradeoffs.nodes) expect(t.qualities.map((q) => q.slug)).toContain('accuracy');
  });
});

describe('relations', () => {
  test('an algorithm exposes ratings with rationale, citations and references', async () => {
    const { algorithm } = await data<{
      algorithm: {
        ratings: {
          level: string;
          rationale: string;
          quality: { slug: string };
          citations: { reference: { slug: string } }[];
        }[];
        rating: { level: string } | null;
        references: { slug: string; citation: string }[];
      };
    }>(/* GraphQL */ `
      {
        algorithm(slug: "linear-regression") {
          ratings {
            level
            rationale
            quality {
              slug
            }
            citations {
              reference {
                slug
              }
            }
          }
          rating(quality: "interpretability") {
            level
          }
          references {
            slug
            citation
          }
        }
      }
    `);
    expect(algorithm.ratings.length).toBeGreaterThanOrEqual(12);
    for (const rating of algorithm.ratings) {
      expect(rating.rationale.length).toBeGreaterThan(10);
      expect(rating.citations.length).toBeGreaterThan(0);
    }
    expect(['HIGH', 'VERY_HIGH']).toContain(algorithm.rating?.level);
    const cited = new Set(algorithm.ratings.flatMap((r) => r.citations.map((c) => c.reference.slug)));
    for (const slug of cited) expect(algorithm.references.map((r) => r.slug)).toContain(slug);
  });

  test('the heartbeat tactic names ping/echo as its alternative, both ways', async () => {
    const result = await data<{
      heartbeat: {
        alternatives: { slug: string }[];
        variants: string[];
        effects: { quality: { slug: string } }[];
      };
      pingEcho: { alternatives: { slug: string }[] };
    }>(/* GraphQL */ `
      {
        heartbeat: pattern(slug: "heartbeat") {
          alternatives {
            slug
          }
          variants
          effects {
            quality {
              slug
            }
          }
        }
        pingEcho: pattern(slug: "ping-echo") {
          alternatives {
            slug
          }
        }
      }
    `);
    expect(result.heartbeat.alternatives.map((p) => p.slug)).toContain('ping-echo');
    expect(result.pingEcho.alternatives.map((p) => p.slug)).toContain('heartbeat');
    expect(result.heartbeat.variants.length).toBeGreaterThan(0);
    expect(result.heartbeat.effects.map((e) => e.quality.slug)).toContain('availability');
  });

  test('case studies, scenarios and references expose their parts', async () => {
    const result = await data<{
      twitter: {
        decisions: { title: string; effects: { effect: string }[] }[];
        goals: unknown[];
        insights: string[];
      };
      netflix: { facts: { label: string; value: number | null }[] };
      fraud: { qualities: { importance: string }[]; constraints: { type: { slug: string } }[] };
      hulten: { readingRole: string; citedBy: { slug: string }[] };
    }>(/* GraphQL */ `
      {
        twitter: caseStudy(slug: "twitter-redesign") {
          decisions {
            title
            effects {
              effect
            }
          }
          goals {
            description
          }
          insights
        }
        netflix: caseStudy(slug: "netflix-prize") {
          facts {
            label
            value
          }
        }
        fraud: scenario(slug: "credit-card-fraud-detection") {
          qualities {
            importance
          }
          constraints {
            type {
              slug
            }
          }
        }
        hulten: entry(slug: "hulten-2018-building-intelligent-systems") {
          ... on Reference {
            readingRole
            citedBy {
              slug
            }
          }
        }
      }
    `);
    expect(result.twitter.decisions.length).toBeGreaterThanOrEqual(4);
    expect(result.twitter.insights.length).toBeGreaterThan(0);
    expect(result.netflix.facts.some((f) => f.value === 0.8567)).toBe(true);
    expect(result.fraud.qualities.length).toBeGreaterThan(1);
    expect(result.fraud.constraints.length).toBeGreaterThan(0);
    expect(result.hulten.readingRole).toBe('REQUIRED');
  });

  test('every relation and citation of every entry resolves', async () => {
    let after: string | null = null;
    let seen = 0;
    do {
      const {
        entries,
      }: {
        entries: {
          totalCount: number;
          nodes: { slug: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      } = await data(
        /* GraphQL */ `
          query ($after: String) {
            entries(first: 100, after: $after) {
              totalCount
              nodes {
                slug
                related {
                  kind
                  entry {
                    slug
                  }
                }
                citations {
                  reference {
                    slug
                  }
                }
                references {
                  slug
                }
                facts {
                  citations {
                    reference {
                      slug
                    }
                  }
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        `,
        { after },
      );
      seen += entries.nodes.length;
      after = entries.pageInfo.hasNextPage ? entries.pageInfo.endCursor : null;
      if (!after) expect(seen).toBe(entries.totalCount);
    } while (after);
    expect(seen).toBeGreaterThan(100);
  });
});

describe('errors', () => {
  test.each([
    ['{ algorithms(first: 101) { totalCount } }', ['first'], /between 1 and 100/],
    ['{ algorithms(last: -1) { totalCount } }', ['last'], /between 1 and 100/],
    ['{ algorithms(first: 0) { totalCount } }', ['first'], /between 1 and 100/],
    ['{ algorithms(first: 1, last: 1) { totalCount } }', ['last'], /either `first` or `last`/],
    ['{ algorithms(after: "not-a-cursor") { totalCount } }', ['after'], /not a valid cursor/],
    [
      '{ algorithms(where: { satisfies: [{ quality: "speediness", atLeast: LOW }] }) { totalCount } }',
      ['where', 'satisfies', 0, 'quality'],
      /Unknown quality "speediness"\. Valid qualities: .*accuracy/,
    ],
    [
      '{ algorithms(where: { satisfies: [{ quality: "accuracy", atLeast: HIGH, atMost: LOW }] }) { totalCount } }',
      ['where', 'satisfies', 0, 'atLeast'],
      /above `atMost`/,
    ],
    [
      '{ algorithms(where: { satisfies: [{ quality: "accuracy" }] }) { totalCount } }',
      ['where', 'satisfies', 0],
      /Give `atLeast`, `atMost` or both/,
    ],
    [
      '{ algorithms(where: { task: "juggling" }) { totalCount } }',
      ['where', 'task'],
      /Valid tasks: .*regression/,
    ],
    ['{ node(id: "bm9wZQ") { id } }', ['id'], /not a valid id/],
    [
      '{ algorithm(slug: "random-forest") { rating(quality: "nope") { level } } }',
      ['quality'],
      /Unknown quality/,
    ],
    ['{ styles(where: { promotes: ["nope"] }) { totalCount } }', ['where', 'promotes', 0], /Unknown quality/],
  ])('%s → BAD_USER_INPUT at %j', async (query, argumentPath, message) => {
    const error = await failure(query);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.argumentPath).toEqual(argumentPath);
    expect(error.message).toMatch(message);
    expect(error.extensions?.stacktrace).toBeUndefined();
  });

  test('a cursor from another ordering is refused', async () => {
    const { qualities } = await data<{ qualities: { pageInfo: { endCursor: string } } }>(
      '{ qualities(first: 2, orderBy: { field: SLUG }) { pageInfo { endCursor } } }',
    );
    const error = await failure('query ($after: String) { qualities(after: $after) { totalCount } }', {
      after: qualities.pageInfo.endCursor,
    });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/issued for ordering by SLUG/);
  });
});

describe('permalinks', () => {
  test('an entry url answers with the entry; an unknown slug is a 404', async () => {
    const { entry } = await data<{ entry: { url: string } }>('{ entry(slug: "observer") { url } }');
    const found = await fetch(entry.url.replace('localhost', '127.0.0.1'));
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ slug: 'observer', kind: 'PATTERN', revision: 1 });
    const missing = await fetch(`${server.baseUrl}/kb/no-such-entry`);
    expect(missing.status).toBe(404);
  });
});

describe('HTTP', () => {
  test('a malformed JSON body is a 400 with a code, not a stack trace', async () => {
    const response = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
  });

  test('every response carries a request id', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('health', () => {
  test('/healthz answers and /readyz reports migrations applied', async () => {
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
  });
});

describe('lookups by slug read the entry and its detail row in one statement', () => {
  beforeAll(() => untilRevisionNotificationsAreLive(server));

  test.each([
    ['algorithm', 'ALGORITHM', 'family'],
    ['caseStudy', 'CASE_STUDY', 'context'],
    ['component', 'COMPONENT', 'responsibility'],
    ['concept', 'CONCEPT', 'definition'],
    ['constraintType', 'CONSTRAINT_TYPE', 'examples'],
    ['decisionRecord', 'DECISION_RECORD', 'status'],
    ['designChallenge', 'CHALLENGE', 'examples'],
    ['pattern', 'PATTERN', 'intent'],
    ['quality', 'QUALITY', 'polarity'],
    ['reference', 'REFERENCE', 'referenceType'],
    ['scenario', 'SCENARIO', 'context'],
    ['style', 'STYLE', 'structure'],
    ['tradeoff', 'TRADEOFF', 'tension'],
  ])('%s(slug:), an entry of kind %s, with its detail field %s', async (field, kind, detail) => {
    const listed = await data<{ entries: { nodes: { slug: string }[] } }>(
      `{ entries(kinds: [${kind}], first: 1) { nodes { slug } } }`,
    );
    const slug = listed.entries.nodes[0]?.slug;
    expect(slug).toEqual(expect.any(String));
    const answer = await server.gql<Record<string, Record<string, unknown>>>(
      `query ($slug: String!) { ${field}(slug: $slug) { slug ${detail} } }`,
      { slug },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.[field]?.slug).toBe(slug);
    expect(answer.data?.[field]?.[detail]).not.toBeNull();
    expect(answer.extensions?.sqlStatements).toBe(1);
  });
});
