// Decision records (MADR) over HTTP: the lookup and the connection with its filter, options with
// the entries they name and the one chosen, quality effects, links to patterns, search over the
// detail text, the Markdown section, MCP, and content checks that name the field at fault.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createDatabase, runCli } from './support/databases';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

interface Option {
  title: string;
  chosen: boolean;
  entry: { slug: string; kind: string } | null;
  pros: string[];
  cons: string[];
}

test('decisionRecord(slug): status, drivers, options with their entries, the chosen one, effects', async () => {
  const { data, errors } = await server.gql<{
    decisionRecord: {
      kind: string;
      status: string;
      drivers: string[];
      options: Option[];
      chosenOption: Option;
      outcome: string;
      negativeConsequences: string[];
      effects: { quality: { slug: string }; effect: string; citations: { reference: { slug: string } }[] }[];
      related: { kind: string; entry: { slug: string } }[];
      references: { slug: string }[];
    };
  }>(`{
    decisionRecord(slug: "twitter-monolith-to-jvm-microservices") {
      kind status drivers outcome negativeConsequences
      options { title chosen entry { slug kind } pros cons }
      chosenOption { title chosen entry { slug kind } pros cons }
      effects { quality { slug } effect citations { reference { slug } } }
      related { kind entry { slug } }
      references { slug }
    }
  }`);
  expect(errors).toBeUndefined();
  const record = data?.decisionRecord;
  expect(record?.kind).toBe('DECISION_RECORD');
  expect(record?.status).toBe('ACCEPTED');
  expect(record?.drivers).toContain('Isolate failures.');
  expect(record?.options.map((o) => [o.title, o.chosen, o.entry?.slug, o.entry?.kind])).toEqual([
    ['Keep the Rails monolith and add machines', false, 'monolith', 'STYLE'],
    ['JVM services with a shared RPC framework', true, 'microservices', 'STYLE'],
  ]);
  expect(record?.chosenOption).toEqual(record?.options[1]);
  expect(record?.options[0]?.cons).toHaveLength(3);
  expect(record?.effects.map((e) => [e.quality.slug, e.effect])).toEqual(
    expect.arrayContaining([
      ['throughput', 'PROMOTES'],
      ['development-cost', 'INHIBITS'],
    ]),
  );
  expect(record?.related).toContainEqual({ kind: 'PART_OF', entry: { slug: 'twitter-redesign' } });
  expect(record?.references.map((r) => r.slug)).toEqual(
    expect.arrayContaining([
      'kastner-architecture-and-design-lecture',
      'krikorian-2013-new-tweets-per-second-record',
    ]),
  );
});

test('decisionRecords: a connection filtered by status; entries and node() know the kind', async () => {
  const { data, errors } = await server.gql<{
    accepted: { totalCount: number; nodes: { slug: string; id: string }[] };
    rejected: { totalCount: number };
    entries: { totalCount: number };
  }>(`{
    accepted: decisionRecords(where: { status: ACCEPTED }) { totalCount nodes { slug id } }
    rejected: decisionRecords(where: { status: REJECTED }) { totalCount }
    entries(kinds: [DECISION_RECORD]) { totalCount }
  }`);
  expect(errors).toBeUndefined();
  expect(data?.accepted.nodes.map((n) => n.slug)).toEqual([
    'netflix-prize-ensemble-not-deployed',
    'twitter-monolith-to-jvm-microservices',
  ]);
  expect(data?.rejected.totalCount).toBe(0);
  expect(data?.entries.totalCount).toBe(2);
  const id = data?.accepted.nodes[0]?.id ?? '';
  const node = await server.gql<{ node: { __typename: string; slug: string } }>(
    'query ($id: ID!) { node(id: $id) { __typename ... on DecisionRecord { slug } } }',
    { id },
  );
  expect(node.data?.node).toEqual({
    __typename: 'DecisionRecord',
    slug: 'netflix-prize-ensemble-not-deployed',
  });
});

test('search finds a decision record by words of its options (the detail table has its trigger)', async () => {
  const { data } = await server.gql<{ search: { nodes: { slug: string }[] } }>(
    '{ search(query: "Boltzmann", kinds: [DECISION_RECORD]) { nodes { slug } } }',
  );
  expect(data?.search.nodes.map((n) => n.slug)).toEqual(['netflix-prize-ensemble-not-deployed']);
});

test('Markdown: options with Good/Bad lines, the outcome, consequences and quality effects', async () => {
  const md = await (await fetch(`${server.baseUrl}/kb/netflix-prize-ensemble-not-deployed.md`)).text();
  expect(md).toContain('- **Kind:** Decision record');
  expect(md).toContain('- **Status:** accepted');
  expect(md).toContain('## Considered options');
  expect(md).toContain('### 2. Adopt the strongest individual algorithms in a simple blend (chosen)');
  expect(md).toContain('- Good, because the largest offline accuracy gain, 10.06% lower RMSE than Cinematch');
  expect(md).toContain('- Bad, because forgoes the final increments of offline accuracy');
  expect(md).toContain(
    'Chosen option: "Adopt the strongest individual algorithms in a simple blend", because',
  );
  expect(md).toMatch(/\| Development cost \(`development-cost`\) \| Promotes \| .+ \| \[\d.*\] \|/);
  expect(md).toMatch(/## References\n\n1\. /);
  // The quality lists the decision among what affects it.
  const quality = await (await fetch(`${server.baseUrl}/kb/development-cost.md`)).text();
  expect(quality).toContain(
    "| Keep the winning ensemble out of Netflix's production recommender (`netflix-prize-ensemble-not-deployed`) | Promotes |",
  );
});

test('MCP: get_entry and the kb://decision-record resources', async () => {
  const client = new Client({ name: 'decision-records-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.baseUrl}/mcp`)));
  try {
    const result = await client.callTool({
      name: 'get_entry',
      arguments: { slug: 'twitter-monolith-to-jvm-microservices' },
    });
    expect(result.isError).toBeFalsy();
    const text = (result.content as { text: string }[])[0]?.text ?? '';
    expect(text).toContain('### 1. Keep the Rails monolith and add machines');
    expect(text).toMatch(/- \*\*Entry:\*\* .+ \(`monolith`\)/);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('kb://decision-record/netflix-prize-ensemble-not-deployed');
  } finally {
    await client.close();
  }
});

describe('content', () => {
  const write = (yaml: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-adr-'));
    fs.writeFileSync(path.join(dir, 'adr.yaml'), yaml);
    return dir;
  };
  const record = (extra: string) => `
entries:
  - kind: reference
    slug: adr-ref
    title: ADR reference
    summary: The source.
    referenceType: WEB_PAGE
    authors: [Someone]
  - kind: pattern
    slug: adr-pattern
    title: ADR pattern
    summary: A pattern to choose.
    patternKind: ARCHITECTURAL_TACTIC
    intent: To be chosen.
    citations: [{ ref: adr-ref }]
  - kind: decision-record
    slug: adr-one
    title: ADR one
    summary: A decision.
    status: PROPOSED
    context: Something must be decided.
    citations: [{ ref: adr-ref }]
${extra}`;

  test('a record that names no option it chose, or a reference as an option, is refused with the field', async () => {
    const database = await createDatabase('empty');
    const dir = write(
      record(`    options:
      - { title: A, entry: adr-ref }
      - { title: B }
    chosen: C
    outcome: no reason`),
    );
    const result = runCli(['seed', '--dir', dir], database);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('adr.yaml at entries[2].chosen: must be the title of one of the options');
    const second = runCli(
      [
        'seed',
        '--dir',
        write(
          record('    options: [{ title: A, entry: adr-ref }, { title: B }]\n    chosen: A\n    outcome: x'),
        ),
      ],
      database,
    );
    expect(second.output).toContain(
      'adr.yaml at entries[2].options[0].entry: "adr-ref" is a reference, expected a pattern or a style or a algorithm or a component',
    );
  });

  test('patterns: the patterns considered as options', async () => {
    const own = await startTestServer({
      template: 'empty',
      content: write(
        record(`    options:
      - { title: Use the pattern, entry: adr-pattern, pros: [it fits] }
      - { title: Do nothing, cons: [nothing improves] }
    chosen: Use the pattern
    outcome: it fits.`),
      ),
    });
    try {
      const { data, errors } = await own.gql<{
        decisionRecord: { patterns: { slug: string }[]; status: string };
      }>('{ decisionRecord(slug: "adr-one") { status patterns { slug } } }');
      expect(errors).toBeUndefined();
      expect(data?.decisionRecord).toEqual({ status: 'PROPOSED', patterns: [{ slug: 'adr-pattern' }] });
    } finally {
      await own.stop();
    }
  });
});
