// The MCP tools and prompts for retrieving architecture knowledge, through the SDK's own client
// over Streamable HTTP against the started server: recommend_architecture, list_entries and
// related_entries on the seeded content, their validation errors, the prompts, and the limits
// (rate limit, response size) the tools are held to.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { TYPE_OF_KIND } from '../src/kinds';
import { LIST_FILTERS } from '../src/services/listings';
import { startTestServer, type TestServer } from './support/server';

type ToolResult = Awaited<ReturnType<Client['callTool']>>;

function textOf(result: ToolResult): string {
  const content = result.content as { type: string; text?: string }[];
  expect(content[0]?.type).toBe('text');
  return content.map((c) => c.text ?? '').join('\n');
}

async function connect(baseUrl: string): Promise<Client> {
  const client = new Client({ name: 'design-kb-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`)));
  return client;
}

/** The lines of one `### n. …` candidate block (up to the next heading). */
function block(text: string, heading: RegExp): string {
  const start = text.search(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start);
  const end = rest.slice(1).search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** The `## Sources` section of an answer. */
function sourcesOf(text: string): string {
  const start = text.indexOf('\n## Sources\n');
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start);
}

let server: TestServer;
let client: Client;
let kb: string;

beforeAll(async () => {
  server = await startTestServer();
  // Permalinks are built on the public URL, which need not be the address the test connects to.
  const { data } = await server.gql<{ entry: { url: string } }>('{ entry(slug: "heartbeat") { url } }');
  kb = (data?.entry.url ?? '').replace(/\/heartbeat$/, '');
  expect(kb).toMatch(/^http:\/\/[^/]+\/kb$/);
  client = await connect(server.baseUrl);
}, 120_000);
afterAll(async () => {
  await client.close();
  await server.stop();
});

async function call(tool: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name: tool, arguments: args });
  expect({ tool, isError: result.isError ?? false }).toEqual({ tool, isError: false });
  return textOf(result);
}

async function failure(tool: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name: tool, arguments: args });
  expect(result.isError).toBe(true);
  return textOf(result);
}

test('the new tools are listed, read-only, with every field described (nested filters too)', async () => {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ['recommend_architecture', 'list_entries', 'related_entries'])
    expect(names).toContain(name);
  for (const tool of tools.filter((t) =>
    ['recommend_architecture', 'list_entries', 'related_entries'].includes(t.name),
  )) {
    expect(tool.annotations?.readOnlyHint).toBe(true);
    const fields = Object.entries(tool.inputSchema.properties ?? {}) as [
      string,
      { description?: string; properties?: Record<string, { description?: string }> },
    ][];
    const nested = fields.flatMap(([field, schema]) =>
      Object.entries(schema.properties ?? {}).map(([inner, s]) => [`${field}.${inner}`, s] as const),
    );
    for (const [field, schema] of [...fields, ...nested]) {
      // The tool and field ride along so a failure says which field lacks a description.
      expect({ tool: tool.name, field, described: (schema.description ?? '').length >= 10 }).toEqual({
        tool: tool.name,
        field,
        described: true,
      });
    }
  }
});

test("list_entries takes exactly the filters of each kind's GraphQL list query", async () => {
  const { data } = await server.gql<{
    __type: {
      fields: {
        name: string;
        args: { name: string; type: { name: string | null; ofType: { name: string } | null } }[];
        type: { ofType: { name: string } | null };
      }[];
    };
  }>(
    `{ __type(name: "Query") { fields { name args { name type { name ofType { name } } } type { ofType { name } } } } }`,
  );
  const fields = data?.__type.fields ?? [];
  const inputFields = async (name: string) => {
    const result = await server.gql<{ __type: { inputFields: { name: string }[] } }>(
      'query ($name: String!) { __type(name: $name) { inputFields { name } } }',
      { name },
    );
    return (result.data?.__type.inputFields ?? []).map((f) => f.name).sort();
  };
  const kindOfType = Object.fromEntries(Object.entries(TYPE_OF_KIND).map(([kind, type]) => [type, kind]));
  const checked: string[] = [];
  for (const field of fields) {
    const connection = field.type.ofType?.name ?? '';
    const kind = kindOfType[connection.replace(/Connection$/, '')] as keyof typeof LIST_FILTERS | undefined;
    if (!connection.endsWith('Connection') || !kind) continue;
    const where = field.args.find((a) => a.name === 'where');
    const graphql = where ? await inputFields(where.type.name ?? where.type.ofType?.name ?? '') : [];
    expect({ query: field.name, filters: [...LIST_FILTERS[kind]].sort() }).toEqual({
      query: field.name,
      filters: graphql,
    });
    checked.push(kind);
  }
  expect(checked.sort()).toEqual(Object.keys(TYPE_OF_KIND).sort());

  // The tool's `where` offers every one of them, and nothing else.
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === 'list_entries');
  const whereSchema = tool?.inputSchema.properties?.where as { properties: Record<string, unknown> };
  expect(Object.keys(whereSchema.properties).sort()).toEqual(
    [...new Set(Object.values(LIST_FILTERS).flat())].sort(),
  );
});

test('recommend_architecture for availability surfaces heartbeat and redundancy with rationales, permalinks and sources', async () => {
  const text = await call('recommend_architecture', { promote: ['availability'], limit: 100 });
  expect(text).toMatch(/^# Architecture recommendation\n/);
  expect(text).toContain('- **Promote:** Availability (`availability`)');
  const patterns = text.slice(text.indexOf('## Patterns and tactics'));
  const heartbeat = block(patterns, /### \d+\. Heartbeat \(`heartbeat`\), architectural tactic/);
  expect(heartbeat).toContain(`- **Permalink:** ${kb}/heartbeat\n`);
  expect(heartbeat).toMatch(
    /- Promotes Availability \(`availability`\): Unavailable components are detected[^\n]*\[Kästner \(n\.d\.\), slide 'Architectural pattern: Heartbeat tactic'/,
  );
  const redundancy = block(patterns, /### \d+\. Redundancy [^\n]*\(`redundancy`\), architectural tactic/);
  expect(redundancy).toContain(`${kb}/redundancy`);
  expect(redundancy).toMatch(/Promotes Availability \(`availability`\): [^\n]*\[Bass et al\. \(2012\)\]/);
  // Each short label is resolved in full, with the reference's URL or DOI and its own permalink.
  const sources = sourcesOf(text);
  expect(sources).toMatch(
    new RegExp(
      `- Bass et al\\. \\(2012\\): Len Bass, Paul Clements, and Rick Kazman \\(2012\\)\\. Software Architecture in Practice[^\\n]*https://www\\.informit\\.com/[^\\n]* \\(\`bass-2012-software-architecture-in-practice\`\\), ${kb.replace(/[.:/]/g, '\\$&')}/bass-2012-software-architecture-in-practice\\n`,
    ),
  );
  expect(sources).toMatch(/https:\/\/doi\.org\/10\.\d+\//);
  // Labels two references would share get year suffixes, so each points at one item of the list.
  const labels = [...sources.matchAll(/^- (.+?): /gm)].map((m) => m[1] ?? '');
  expect(new Set(labels).size).toBe(labels.length);
  expect(labels).toEqual(expect.arrayContaining(['Microsoft (2022a)', 'Microsoft (2022b)']));
  const circuit = block(patterns, /### \d+\. Circuit breaker \(`circuit-breaker`\)/);
  const label = /\[(Microsoft \(2022[a-z]\))/.exec(circuit)?.[1] ?? '';
  expect(sources).toMatch(
    new RegExp(
      `^- ${label.replace(/[()]/g, '\\$&')}: Microsoft \\(2022\\)\\. Circuit Breaker pattern\\.`,
      'm',
    ),
  );
  expect(text).not.toMatch(/[\uE000\uE001]/);
});

test('recommend_architecture excludes what harms a protected quality and says why; kinds and patternKind narrow it', async () => {
  const text = await call('recommend_architecture', {
    promote: ['availability', 'availability'],
    protect: ['resource-requirements'],
    kinds: ['pattern'],
    patternKind: 'ARCHITECTURAL_TACTIC',
    limit: 100,
  });
  expect(text).toContain('- **Promote:** Availability (`availability`)\n');
  expect(text).toContain('- **Protect:** Resource requirements (`resource-requirements`)');
  expect(text).not.toContain('## Architectural styles');
  const candidates = text.slice(0, text.indexOf('**Excluded'));
  expect(candidates).not.toContain('(`heartbeat`)');
  expect(candidates).toMatch(/### \d+\. Redundancy [^\n]*\(`redundancy`\)/);
  // Only tactics: no design pattern such as queue-based load levelling.
  expect(candidates.match(/^### \d+\. .*$/gm)?.every((line) => line.endsWith('architectural tactic'))).toBe(
    true,
  );
  const excluded = text.slice(text.indexOf('**Excluded'), text.indexOf('\n## Sources'));
  expect(excluded).toContain(`- Heartbeat (\`heartbeat\`), ${kb}/heartbeat`);
  expect(excluded).toMatch(
    /Inhibits Resource requirements \(`resource-requirements`\): Periodic heartbeat messages[^\n]*\[Kästner/,
  );

  const styles = await call('recommend_architecture', {
    promote: ['scalability'],
    kinds: ['style'],
    limit: 2,
  });
  expect(styles.match(/^### \d+\. .*$/gm)).toHaveLength(2);
  expect(styles).toMatch(/^\d+ more candidates: raise `limit` to see them\.$/m);
  expect(styles).toMatch(/### 1\. .*, architectural style\n/);
});

test('recommend_architecture validation names the field', async () => {
  expect(await failure('recommend_architecture', { promote: ['availability', 'speed'] })).toMatch(
    /^Invalid `promote\[1\]`: Unknown quality "speed"\. Valid qualities: .*availability/,
  );
  expect(await failure('recommend_architecture', { promote: ['availability'], protect: ['uptime'] })).toMatch(
    /^Invalid `protect\[0\]`: Unknown quality "uptime"/,
  );
  expect(await failure('recommend_architecture', { promote: [] })).toMatch(
    /expected array to have >=1 items at promote/,
  );
  expect(
    await failure('recommend_architecture', { promote: Array.from({ length: 101 }, (_, i) => `q${i}`) }),
  ).toBe('Invalid `promote`: `promote` may hold at most 100 distinct items; got 101.');
  expect(
    await failure('recommend_architecture', { promote: ['availability'], patternKind: 'TACTIC' }),
  ).toMatch(/expected one of "DESIGN_PATTERN"\|"ARCHITECTURAL_TACTIC"\|"ML_DESIGN_PATTERN" at patternKind/);
  expect(await failure('recommend_architecture', { promote: ['availability'], limit: 101 })).toMatch(
    /at limit/,
  );
});

test('list_entries filters patterns by kind and promoted quality, and pages with a cursor', async () => {
  const args = {
    kind: 'pattern',
    where: { patternKind: 'ARCHITECTURAL_TACTIC', promotes: ['availability'] },
    limit: 3,
  };
  const first = await call('list_entries', args);
  expect(first).toMatch(/^# Pattern entries \(`pattern`\)\n/);
  expect(first).toContain('`patternKind` = "ARCHITECTURAL_TACTIC"; `promotes` = ["availability"]');
  const total = Number(/\*\*Matching:\*\* (\d+); showing 3/.exec(first)?.[1]);
  expect(total).toBeGreaterThan(3);
  const slugsOf = (text: string) => [
    ...text.matchAll(/^\d+\. \*\*[^\n]*\*\* \(`([a-z0-9-]+)`\), architectural tactic: (\S+)$/gm),
  ];
  const cursor = /call list_entries again with `after`: "([^"]+)"/.exec(first)?.[1];
  expect(cursor).toBeDefined();
  const seen = slugsOf(first);
  expect(seen).toHaveLength(3);
  for (const [, slug, link] of seen) expect(link).toBe(`${kb}/${slug}`);
  expect(first).toMatch(/^ {3}Sources: .*\((?:\d{4}[a-z]?|n\.d\.)\)/m);
  expect(sourcesOf(first)).toMatch(/^- [^\n]*https:\/\/[^\n]* \(`[a-z0-9-]+`\), http:\/\/[^\n]*\/kb\//m);

  // Walking every page finds every tactic promoting availability once, heartbeat among them.
  let text = first;
  let after = cursor;
  while (after) {
    text = await call('list_entries', { ...args, after });
    seen.push(...slugsOf(text));
    after = /call list_entries again with `after`: "([^"]+)"/.exec(text)?.[1];
  }
  const slugs = seen.map((m) => m[1]);
  expect(slugs).toHaveLength(total);
  expect(new Set(slugs).size).toBe(total);
  expect(slugs).toEqual(expect.arrayContaining(['heartbeat', 'ping-echo', 'redundancy']));
  expect(slugs).not.toContain('observer');
});

test('list_entries lists algorithms by bound, qualities by category, references with full citations', async () => {
  const algorithms = await call('list_entries', {
    kind: 'algorithm',
    where: { task: 'classification', satisfies: [{ quality: 'interpretability', atLeast: 'HIGH' }] },
    limit: 100,
  });
  expect(algorithms).toMatch(
    /\*\*Decision tree\*\* \(`decision-tree`\), [^\n]*classification[^\n]*: http:\S+\/kb\/decision-tree\n/,
  );
  expect(algorithms).not.toContain('(`neural-network`)');

  const qualities = await call('list_entries', { kind: 'quality', where: { category: 'MODEL' }, limit: 100 });
  expect(qualities).toMatch(/\(`accuracy`\), model quality, higher is better: /);
  expect(qualities).not.toContain('(`availability`)');

  const references = await call('list_entries', {
    kind: 'reference',
    where: { referenceType: 'ARTICLE' },
    limit: 5,
  });
  const cites = references.match(/^ {3}Cite as: .*$/gm) ?? [];
  expect(cites.length).toBeGreaterThan(0);
  expect(sourcesOf(references).match(/^- .*$/gm)?.length).toBeGreaterThanOrEqual(cites.length);
  expect(sourcesOf(references)).toMatch(/https:\/\/doi\.org\//);

  const scenarios = await call('list_entries', { kind: 'scenario', limit: 100 });
  expect(scenarios).toContain(
    `(\`credit-card-fraud-detection\`), scenario: ${kb}/credit-card-fraud-detection`,
  );
});

test('list_entries validation names the field, including a filter the kind does not take', async () => {
  expect(await failure('list_entries', { kind: 'pattern', where: { task: 'classification' } })).toBe(
    'Invalid `where.task`: `task` filters algorithm lists, not pattern; pattern takes patternKind, promotes, inhibits.',
  );
  expect(await failure('list_entries', { kind: 'scenario', where: { promotes: ['availability'] } })).toMatch(
    /^Invalid `where\.promotes`: `promotes` filters pattern and style lists, not scenario; scenario takes no filters\.$/,
  );
  expect(await failure('list_entries', { kind: 'style', where: { promotes: ['uptime'] } })).toMatch(
    /^Invalid `where\.promotes\[0\]`: Unknown quality "uptime"/,
  );
  expect(await failure('list_entries', { kind: 'algorithm', where: { task: 'flying' } })).toMatch(
    /^Invalid `where\.task`: Unknown task "flying"\. Valid tasks: .*classification/,
  );
  expect(await failure('list_entries', { kind: 'tradeoff', where: { quality: 'speed' } })).toMatch(
    /^Invalid `where\.quality`: Unknown quality "speed"/,
  );
  expect(await failure('list_entries', { kind: 'pattern', after: 'not-a-cursor' })).toMatch(
    /^Invalid `after`: `after` is not a valid cursor/,
  );
  expect(await failure('list_entries', { kind: 'spaceship' })).toMatch(
    /Invalid option: expected one of .*"pattern".* at kind/,
  );
  expect(await failure('list_entries', { kind: 'pattern', limit: 0 })).toMatch(/at limit/);
  expect(await failure('list_entries', { kind: 'pattern', limit: 101 })).toMatch(/at limit/);
  expect(await failure('list_entries', { kind: 'quality', where: { category: 'COSMIC' } })).toMatch(
    /at where\.category/,
  );
});

test('related_entries lists alternatives and links in both directions, with relation types, permalinks and sources', async () => {
  const text = await call('related_entries', { slug: 'heartbeat' });
  expect(text).toMatch(/^# Related entries of Heartbeat \(`heartbeat`\)\n/);
  expect(text).toContain(`- **Permalink:** ${kb}/heartbeat\n`);
  expect(text).toMatch(
    /- \*\*Sources:\*\* Kästner \(n\.d\.\), slide 'Architectural pattern: Heartbeat tactic'/,
  );
  expect(text).toMatch(/\*\*Alternatives, as the entry describes them:\*\* Ping\/echo/);
  const alternatives = block(text, /## Alternative \(`ALTERNATIVE`\)/);
  // Stored from both ends: listed once, as going both ways.
  expect(alternatives).toContain(`- **Ping/echo** (\`ping-echo\`), pattern, both ways: ${kb}/ping-echo`);
  expect(alternatives.match(/\(`ping-echo`\)/g)).toHaveLength(1);
  expect(alternatives).toMatch(
    /\(`health-endpoint-monitoring`\)[^\n]*\n[^\n]*\n {2}Why linked: The monitor polls a health endpoint/,
  );
  expect(block(text, /## Related \(`RELATED`\)/)).toContain(
    `(\`redundancy\`), pattern, this entry → it: ${kb}/redundancy`,
  );
  // Incoming links: the entries that point at heartbeat.
  expect(block(text, /## Used by \(`USES`\)/)).toMatch(/\(`[a-z-]+`\), [a-z-]+, it → this entry: /);
  expect(sourcesOf(text)).toMatch(
    /- Kästner \(n\.d\.\): Christian Kästner \(n\.d\.\)\. Machine Learning in Production: Toward Architecture and Design\.[^\n]*https?:\/\//,
  );

  const only = await call('related_entries', {
    slug: 'heartbeat',
    relations: ['ALTERNATIVE', 'ALTERNATIVE'],
  });
  expect(only).toContain('- **Relation types:** ALTERNATIVE');
  expect(only.match(/^## .*$/gm)).toEqual(['## Alternative (`ALTERNATIVE`)', '## Sources']);

  const fromStyle = await call('related_entries', { slug: 'microservices' });
  expect(fromStyle).toMatch(/^## .* \(`[A-Z_]+`\)$/m);
});

test('related_entries validation names the field', async () => {
  expect(await failure('related_entries', { slug: 'no-such-entry' })).toBe(
    'Invalid `slug`: No entry has slug "no-such-entry"; find slugs with search_knowledge.',
  );
  expect(await failure('related_entries', { slug: 'heartbeat', relations: ['SIBLING'] })).toMatch(
    /expected one of "RELATED"\|"ALTERNATIVE"\|"USES"\|"PART_OF"\|"EXAMPLE_OF" at relations\[0\]/,
  );
  expect(await failure('related_entries', { slug: 'x'.repeat(201) })).toMatch(/at slug/);
  expect(await failure('related_entries', { slug: 'heart\u0000beat' })).toMatch(
    /^Invalid `slug`: `slug` contains a NUL character/,
  );
});

test('prompts are listed with described arguments, and get one fills in tools, arguments and resources', async () => {
  const { prompts } = await client.listPrompts();
  expect(prompts.map((p) => p.name).sort()).toEqual(['choose_algorithm', 'find_pattern', 'review_design']);
  for (const prompt of prompts) {
    expect(prompt.description?.length).toBeGreaterThan(20);
    for (const argument of prompt.arguments ?? []) {
      const described = (argument.description ?? '').length >= 10;
      expect({ prompt: prompt.name, argument: argument.name, described }).toEqual({
        prompt: prompt.name,
        argument: argument.name,
        described: true,
      });
    }
  }
  const review = prompts.find((p) => p.name === 'review_design');
  expect(review?.arguments?.map((a) => [a.name, a.required])).toEqual([
    ['design', true],
    ['promote', true],
    ['protect', false],
  ]);

  const result = await client.getPrompt({
    name: 'review_design',
    arguments: {
      design: 'A web shop calls one inference service on a single GPU machine for recommendations.',
      promote: 'availability, inference-latency, availability',
      protect: 'resource-requirements',
    },
  });
  const [first, ...rest] = result.messages;
  const instruction = (first?.content as { type: string; text: string }).text;
  expect(instruction).toContain('A web shop calls one inference service');
  expect(instruction).toContain(
    'Call recommend_architecture with promote: ["availability","inference-latency"] and protect: ["resource-requirements"]',
  );
  expect(instruction).toMatch(/list_tradeoffs/);
  expect(instruction).toMatch(/related_entries/);
  expect(instruction).toContain(`Availability (\`availability\`), ${kb}/availability`);
  const resources = rest.map((m) => m.content as { type: string; resource: { uri: string; text: string } });
  expect(resources.map((r) => [r.type, r.resource.uri])).toEqual([
    ['resource', 'kb://quality/availability'],
    ['resource', 'kb://quality/inference-latency'],
    ['resource', 'kb://quality/resource-requirements'],
  ]);
  expect(resources[0]?.resource.text).toMatch(/^# Availability\n/);

  const choose = await client.getPrompt({
    name: 'choose_algorithm',
    arguments: { scenario: 'credit-card-fraud-detection', needs: 'Decisions must be explained to auditors.' },
  });
  const chooseText = (choose.messages[0]?.content as { text: string }).text;
  expect(chooseText).toContain('Call recommend_algorithms with {"scenario":"credit-card-fraud-detection"}');
  expect(chooseText).toMatch(/compare_algorithms/);
  expect(chooseText).toContain('Decisions must be explained to auditors.');
  expect((choose.messages[1]?.content as { resource: { uri: string } }).resource.uri).toBe(
    'kb://scenario/credit-card-fraud-detection',
  );

  const completion = await client.complete({
    ref: { type: 'ref/prompt', name: 'review_design' },
    argument: { name: 'promote', value: 'availability, infer' },
  });
  expect(completion.completion.values).toEqual(['availability, inference-latency']);
});

test('a prompt with a bad argument is an invalid-params error naming it', async () => {
  await expect(
    client.getPrompt({ name: 'review_design', arguments: { design: 'x', promote: 'availability, speed' } }),
  ).rejects.toThrow(/Invalid argument `promote`: Unknown quality "speed"\. Valid qualities: /);
  await expect(client.getPrompt({ name: 'choose_algorithm', arguments: {} })).rejects.toThrow(
    /Invalid argument `scenario`: give a scenario slug or a `task`/,
  );
  await expect(
    client.getPrompt({ name: 'choose_algorithm', arguments: { scenario: 'mars-landing' } }),
  ).rejects.toThrow(/Invalid argument `scenario`: Unknown scenario "mars-landing"/);
  await expect(client.getPrompt({ name: 'choose_algorithm', arguments: { task: 'flying' } })).rejects.toThrow(
    /Invalid argument `task`: Unknown task "flying"/,
  );
  await expect(
    client.getPrompt({ name: 'find_pattern', arguments: { problem: 'x'.repeat(20_001) } }),
  ).rejects.toThrow(/problem/);
  // The server keeps answering.
  expect(await call('related_entries', { slug: 'ping-echo' })).toContain('(`heartbeat`)');
});

test('the tools are held to the response-size cap and every call counts against the rate limit', async () => {
  const tight = await startTestServer({ env: { MAX_RESPONSE_BYTES: '3kb', RATE_LIMIT_MAX: '6' } });
  const small = await connect(tight.baseUrl);
  try {
    const result = await small.callTool({
      name: 'recommend_architecture',
      arguments: { promote: ['availability'] },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^The answer would be \d+ bytes, more than the limit of 3072 \(MAX_RESPONSE_BYTES\)/,
    );
    // initialize, notifications/initialized and the call above were three requests; three more fit.
    let refused: unknown = null;
    for (let i = 0; i < 10 && !refused; i += 1) {
      await small
        .callTool({ name: 'related_entries', arguments: { slug: 'ping-echo', relations: ['PART_OF'] } })
        .catch((error: unknown) => {
          refused = error;
        });
    }
    expect(String(refused)).toMatch(/429|RATE_LIMITED|Too Many/i);
  } finally {
    await small.close();
    await tight.stop();
  }
}, 120_000);
