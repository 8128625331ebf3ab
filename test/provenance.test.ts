// Where judgements come from, over HTTP: provenance on ratings, scenario qualities and
// constraints, a constraint's rationale and the citations of a scenario's quality or constraint,
// in GraphQL, in the Markdown renderings and in the MCP answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestServer, type TestServer } from './support/server';

// Seed content as a content author writes it (the YAML shape of seed/schema.ts).
const CONTENT = `
entries:
  - kind: reference
    slug: prov-lecture
    title: Provenance lecture
    summary: The lecture the test cites.
    referenceType: LECTURE
    authors: [Lecturer]
  - kind: reference
    slug: prov-paper
    title: Provenance paper
    summary: The paper the test cites.
    referenceType: ARTICLE
    authors: [Author]
    year: 2020
  - kind: quality
    slug: prov-accuracy
    title: Prov accuracy
    summary: How often it is right.
    category: MODEL
    polarity: HIGHER_IS_BETTER
    measurement: Share of correct answers.
    citations: [{ ref: prov-lecture }]
  - kind: quality
    slug: prov-clarity
    title: Prov clarity
    summary: How well a person can follow it.
    category: MODEL
    polarity: HIGHER_IS_BETTER
    measurement: Judged by people.
    citations: [{ ref: prov-lecture }]
  - kind: constraint-type
    slug: prov-problem
    title: Prov problem constraint
    summary: A constraint of the problem.
    citations: [{ ref: prov-lecture }]
  - kind: algorithm
    slug: prov-algorithm
    title: Prov algorithm
    summary: An algorithm with judged ratings.
    family: test
    tasks: [classification]
    citations: [{ ref: prov-lecture }]
    ratings:
      prov-accuracy:
        level: HIGH
        rationale: The paper measured it.
        provenance: LITERATURE
        citations: [{ ref: prov-paper, locator: Table 2 }]
      prov-clarity:
        level: LOW
        rationale: Nobody said where this comes from.
        citations: [{ ref: prov-lecture, locator: slide 3 }]
  - kind: scenario
    slug: prov-scenario
    title: Prov scenario
    summary: A scenario with judged qualities and constraints.
    task: classification
    citations: [{ ref: prov-lecture }]
    qualities:
      prov-clarity:
        importance: HIGH
        note: Reviewers must follow each decision.
        provenance: EDITORIAL
        citations: [{ ref: prov-paper, locator: section 4 }]
      prov-accuracy:
        importance: MEDIUM
        note: Mistakes are caught later.
        provenance: LECTURE
    constraints:
      - type: prov-problem
        description: Decisions must be explainable.
        quality: prov-clarity
        atLeast: MEDIUM
        provenance: EDITORIAL
        rationale: Regulators ask for reasons; the lecture does not say so.
        citations: [{ ref: prov-paper, locator: p. 7 }]
`;

let server: TestServer;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-provenance-'));
  fs.writeFileSync(path.join(dir, 'provenance.yaml'), CONTENT);
  server = await startTestServer({ template: 'empty', content: dir });
});
afterAll(() => server?.stop());

test('GraphQL: ratings, scenario qualities and constraints carry provenance, rationale and citations', async () => {
  const { data, errors } = await server.gql<{
    algorithm: { ratings: { quality: { slug: string }; provenance: string | null }[] };
    scenario: {
      qualities: {
        quality: { slug: string };
        provenance: string | null;
        citations: { reference: { slug: string }; locator: string | null }[];
      }[];
      constraints: {
        provenance: string | null;
        rationale: string | null;
        citations: { reference: { slug: string }; locator: string | null }[];
      }[];
      references: { slug: string }[];
    };
  }>(`{
    algorithm(slug: "prov-algorithm") { ratings { quality { slug } provenance } }
    scenario(slug: "prov-scenario") {
      qualities { quality { slug } provenance citations { reference { slug } locator } }
      constraints { provenance rationale citations { reference { slug } locator } }
      references { slug }
    }
  }`);
  expect(errors).toBeUndefined();
  expect(data?.algorithm.ratings).toEqual([
    { quality: { slug: 'prov-accuracy' }, provenance: 'LITERATURE' },
    { quality: { slug: 'prov-clarity' }, provenance: null },
  ]);
  expect(data?.scenario.qualities).toEqual([
    {
      quality: { slug: 'prov-clarity' },
      provenance: 'EDITORIAL',
      citations: [{ reference: { slug: 'prov-paper' }, locator: 'section 4' }],
    },
    { quality: { slug: 'prov-accuracy' }, provenance: 'LECTURE', citations: [] },
  ]);
  expect(data?.scenario.constraints).toEqual([
    {
      provenance: 'EDITORIAL',
      rationale: 'Regulators ask for reasons; the lecture does not say so.',
      citations: [{ reference: { slug: 'prov-paper' }, locator: 'p. 7' }],
    },
  ]);
  // The scenario cites the paper only through its quality and constraint.
  expect(data?.scenario.references.map((r) => r.slug).sort()).toEqual(['prov-lecture', 'prov-paper']);
});

test('the Provenance enum is described value by value', async () => {
  const { data } = await server.gql<{
    __type: { enumValues: { name: string; description: string }[] };
  }>('{ __type(name: "Provenance") { enumValues { name description } } }');
  expect(data?.__type.enumValues.map((v) => v.name)).toEqual(['LECTURE', 'LITERATURE', 'EDITORIAL']);
  for (const value of data?.__type.enumValues ?? []) expect(value.description.length).toBeGreaterThan(20);
});

/** The table rows of one `## Heading` section, split into cells. */
async function tableOf(slug: string, heading: string): Promise<string[][]> {
  const md = await (await fetch(`${server.baseUrl}/kb/${slug}.md`)).text();
  const lines = md.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('| ')) rows.push(line.slice(2, -2).split(/(?<!\\) \| /));
  }
  return rows;
}

test('Markdown: a Provenance column in ratings and scenario tables, with rationale and sources', async () => {
  const ratings = await tableOf('prov-algorithm', 'Ratings');
  expect(ratings[0]).toEqual(['Quality', 'Level', 'Rationale', 'Sources']);
  expect(ratings.find((r) => r[0]?.startsWith('Prov accuracy'))?.[3]).toMatch(
    /^\[\d, Table 2\] \(literature\)$/,
  );
  expect(ratings.find((r) => r[0]?.startsWith('Prov clarity'))?.[3]).toMatch(/^\[\d, slide 3\]$/);

  const byAlgorithm = await tableOf('prov-accuracy', 'How algorithms rate');
  expect(byAlgorithm[2]?.[3]).toMatch(/\(literature\)$/);

  const qualities = await tableOf('prov-scenario', 'Qualities that matter');
  expect(qualities[0]).toEqual(['Quality', 'Importance', 'Why', 'Provenance', 'Sources']);
  expect(qualities.find((r) => r[0]?.startsWith('Prov clarity'))?.slice(3)).toEqual([
    'editorial',
    expect.stringMatching(/^\[\d, section 4\]$/),
  ]);
  expect(qualities.find((r) => r[0]?.startsWith('Prov accuracy'))?.[3]).toBe('lecture');

  const constraints = await tableOf('prov-scenario', 'Constraints');
  expect(constraints[0]).toEqual(['Type', 'Constraint', 'Bound', 'Provenance', 'Rationale', 'Sources']);
  expect(constraints[2]?.slice(3)).toEqual([
    'editorial',
    'Regulators ask for reasons; the lecture does not say so.',
    expect.stringMatching(/^\[\d, p\. 7\]$/),
  ]);
  const md = await (await fetch(`${server.baseUrl}/kb/prov-scenario.md`)).text();
  expect(md).toMatch(/\d\. Author \(2020\)\. Provenance paper.*\(`prov-paper`\)/);
});

test('MCP: comparisons and recommendations say where each rating comes from', async () => {
  const client = new Client({ name: 'provenance-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.baseUrl}/mcp`)));
  try {
    const text = async (name: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError).toBeFalsy();
      return (result.content as { type: string; text: string }[])[0]?.text ?? '';
    };
    const comparison = await text('compare_algorithms', { algorithms: ['prov-algorithm'] });
    expect(comparison).toMatch(
      /- Prov accuracy: HIGH\. The paper measured it\. \[Author \(2020\), Table 2; stated in the literature\]/,
    );
    expect(comparison).toMatch(/- Prov clarity: LOW\. Nobody said where this comes from\. \[[^\]]+\]\n/);

    const recommendation = await text('recommend_algorithms', { scenario: 'prov-scenario' });
    expect(recommendation).toMatch(
      /Prov accuracy is HIGH: The paper measured it\. \[Author \(2020\), Table 2; stated in the literature\]$/m,
    );

    const entry = await text('get_entry', { slug: 'prov-scenario' });
    expect(entry).toContain('| editorial | Regulators ask for reasons; the lecture does not say so. |');
  } finally {
    await client.close();
  }
});
