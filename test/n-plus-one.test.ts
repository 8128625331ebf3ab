// Relation fields are batched per request: the number of SQL statements of a nested query does
// not grow with the page size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { writeGeneratedContent } from '../seed/generate';
import { startTestServer, untilRevisionNotificationsAreLive, type TestServer } from './support/server';

const QUALITIES = 6;
let server: TestServer;

beforeAll(async () => {
  const dir = writeGeneratedContent(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-n1-')), {
    algorithms: 60,
    qualities: QUALITIES,
    prefix: 'n1',
  });
  // An algorithm rated on no quality (yet): its lookup still answers, with no ratings.
  const unrated = {
    kind: 'algorithm',
    slug: 'n1-unrated',
    title: 'Unrated algorithm',
    summary: 'An algorithm with no ratings.',
    family: 'family-0',
    tasks: ['classification'],
    advantages: [],
    drawbacks: [],
    ratings: {},
    body: '',
    aliases: [],
    related: [],
    facts: [],
    citations: [{ ref: 'n1-reference', locator: 'generated' }],
  };
  fs.writeFileSync(path.join(dir, 'unrated.yaml'), stringify({ entries: [unrated] }));
  server = await startTestServer({ template: 'empty', content: dir });
  await untilRevisionNotificationsAreLive(server);
});
afterAll(() => server?.stop());

const NESTED = /* GraphQL */ `
  query Nested($first: Int!) {
    algorithms(first: $first) {
      nodes {
        slug
        family
        ratings {
          level
          quality {
            slug
            title
            polarity
          }
          citations {
            locator
            reference {
              slug
              title
              authors
            }
          }
        }
      }
    }
  }
`;

interface NestedData {
  algorithms: {
    nodes: { slug: string; ratings: { citations: { reference: { authors: string[] } }[] }[] }[];
  };
}

test('a nested query issues the same few statements for 1, 10 and 50 algorithms', async () => {
  const counts: number[] = [];
  for (const first of [1, 10, 50]) {
    const result = await server.gql<NestedData>(NESTED, { first });
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.algorithms.nodes ?? [];
    expect(nodes).toHaveLength(first);
    for (const node of nodes) {
      expect(node.ratings).toHaveLength(QUALITIES);
      expect(node.ratings[0]?.citations[0]?.reference.authors).toEqual(['design-kb generator']);
    }
    counts.push(result.extensions?.sqlStatements ?? -1);
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(new Set(counts).size).toBe(1);
  // page, algorithm details, ratings with their qualities, quality details, citations, references,
  // reference details
  expect(counts[0]).toBeLessThanOrEqual(8);
});

const QUALITY_FIELDS = 'id slug title summary body aliases revision createdAt updatedAt url';

test('an algorithm by slug comes in one statement with its detail row and its ratings, each with its quality', async () => {
  const { data: listed } = await server.gql<{ algorithms: { nodes: { slug: string }[] } }>(
    '{ algorithms(first: 1) { nodes { slug } } }',
  );
  const slug = listed?.algorithms.nodes[0]?.slug ?? '';
  const fragment = 'fragment Ratings on Algorithm { ratings { level quality { slug title } } }';
  const read = (selection: string) =>
    server.gql<{ algorithm: { ratings?: { level: string; quality?: { slug: string; title: string } }[] } }>(
      `query ($slug: String!) { algorithm(slug: $slug) { family ${selection} } }
       ${selection.includes('...Ratings') ? fragment : ''}`,
      { slug },
    );
  const counts = [];
  for (const [selection, withQualities] of [
    ['', false],
    ['ratings { level }', false],
    ['ratings { level quality { slug title } }', true],
    ['... on Algorithm { ratings { level quality { slug title } } }', true],
    ['...Ratings', true],
  ] as const) {
    const answer = await read(selection);
    expect(answer.errors).toBeUndefined();
    counts.push(answer.extensions?.sqlStatements);
    if (withQualities) {
      const qualities = answer.data?.algorithm.ratings?.map((r) => r.quality) ?? [];
      expect(qualities).toHaveLength(QUALITIES);
      expect(new Set(qualities.map((q) => q?.slug)).size).toBe(QUALITIES);
      for (const quality of qualities) expect(quality?.title).toEqual(expect.any(String));
    }
  }
  expect(counts).toEqual([1, 1, 1, 1, 1]);
});

test('ratings read with their algorithm by slug are those a list reads, in the same order', async () => {
  const ratings = `ratings { level value rationale provenance goodness quality { ${QUALITY_FIELDS} }
    citations { locator reference { slug } } }`;
  const listed = await server.gql<{ algorithms: { nodes: { slug: string }[] } }>(
    `{ algorithms(first: 3) { nodes { slug ${ratings} } } }`,
  );
  expect(listed.errors).toBeUndefined();
  const nodes = listed.data?.algorithms.nodes ?? [];
  expect(nodes).toHaveLength(3);
  for (const node of nodes) {
    const one = await server.gql<{ algorithm: { slug: string } }>(
      `query ($slug: String!) { algorithm(slug: $slug) { slug ${ratings} } }`,
      { slug: node.slug },
    );
    expect(one.errors).toBeUndefined();
    // Timestamps, revisions and lists of the qualities included: the same values however read.
    expect(one.data?.algorithm).toEqual(node);
  }
});

test('an algorithm without ratings, or no algorithm, is answered by the same lookup', async () => {
  const query = `query ($slug: String!) { algorithm(slug: $slug) { slug ratings { level } } }`;
  const unrated = await server.gql<{ algorithm: { slug: string; ratings: unknown[] } | null }>(query, {
    slug: 'n1-unrated',
  });
  expect(unrated.errors).toBeUndefined();
  expect(unrated.data?.algorithm).toEqual({ slug: 'n1-unrated', ratings: [] });
  expect(unrated.extensions?.sqlStatements).toBe(1);
  // A quality's slug names an entry, but not an algorithm.
  for (const slug of ['n1-quality-0', 'no-such-algorithm']) {
    const missing = await server.gql<{ algorithm: null }>(query, { slug });
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.algorithm).toBeNull();
  }
});

test('the markdown of 1, 10 and 50 algorithms costs the same few statements', async () => {
  const counts: number[] = [];
  for (const first of [1, 10, 50]) {
    const result = await server.gql<{ algorithms: { nodes: { slug: string; markdown: string }[] } }>(
      'query ($first: Int!) { algorithms(first: $first) { nodes { slug markdown } } }',
      { first },
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.algorithms.nodes ?? [];
    expect(nodes).toHaveLength(first);
    for (const node of nodes) {
      expect(node.markdown).toContain(`- **Slug:** \`${node.slug}\``);
      expect(node.markdown.match(/^\| Generated quality \d+ /gm)).toHaveLength(QUALITIES);
      expect(node.markdown).toContain('1. design-kb generator (n.d.). Generated reference.');
    }
    counts.push(result.extensions?.sqlStatements ?? -1);
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(new Set(counts).size).toBe(1);
  // the content revision (response cache key); page; algorithm details, relations both ways,
  // entry citations, the entries' references (the References list's order), facts, ratings;
  // rating citations; the named entries and reference details
  expect(counts[0]).toBeLessThanOrEqual(12);
});
