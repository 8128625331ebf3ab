// Relation fields are batched per request: the number of SQL statements of a nested query does
// not grow with the page size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeGeneratedContent } from '../seed/generate';
import { poll } from './support/poll';
import { startTestServer, type TestServer } from './support/server';

const QUALITIES = 6;
let server: TestServer;

beforeAll(async () => {
  const dir = writeGeneratedContent(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-n1-')), {
    algorithms: 60,
    qualities: QUALITIES,
    prefix: 'n1',
  });
  server = await startTestServer({ template: 'empty', content: dir });
  // Until the server listens to revision notifications, each request also reads the content
  // revision; wait for that (a repeated query, a cache hit, then costs nothing) so every count
  // below is of the same statements.
  const live = await poll(
    () => server.gql('{ qualities(first: 1) { nodes { slug } } }'),
    (answer) => answer.extensions?.sqlStatements === 0,
    { timeoutMs: 10_000 },
  );
  expect(live.extensions?.sqlStatements).toBe(0);
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

test("an algorithm by slug comes with its detail row, and its ratings with their qualities' entries", async () => {
  const { data: listed } = await server.gql<{ algorithms: { nodes: { slug: string }[] } }>(
    '{ algorithms(first: 1) { nodes { slug } } }',
  );
  const slug = listed?.algorithms.nodes[0]?.slug ?? '';
  const read = (selection: string) =>
    server.gql<{ algorithm: { ratings: { level: string; quality?: { slug: string; title: string } }[] } }>(
      `query ($slug: String!) { algorithm(slug: $slug) { family ratings { level ${selection} } } }`,
      { slug },
    );
  const without = await read('');
  const withQuality = await read('quality { slug title }');
  expect(withQuality.errors).toBeUndefined();
  // the entry by slug with its detail row, then the ratings: the qualities come with the ratings.
  expect(withQuality.extensions?.sqlStatements).toBe(without.extensions?.sqlStatements);
  expect(withQuality.extensions?.sqlStatements).toBe(2);
  const qualities = withQuality.data?.algorithm.ratings.map((r) => r.quality) ?? [];
  expect(qualities).toHaveLength(QUALITIES);
  expect(new Set(qualities.map((q) => q?.slug)).size).toBe(QUALITIES);
  for (const quality of qualities) expect(quality?.title).toEqual(expect.any(String));
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
