// The MCP server through the SDK's own client, over stdio (`design-kb mcp` as a child process)
// and over Streamable HTTP (/mcp on the API server): tools, resources, and bad input that comes
// back as a tool error while the server keeps answering.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CLI, createDatabase, ROOT, runCli } from './support/databases';
import { startTestServer } from './support/server';

interface Connection {
  client: Client;
  /** Errors the client saw on the wire, such as a stdout line that is not JSON-RPC. */
  wireErrors: Error[];
  close(): Promise<void>;
}

async function connect(transport: StdioClientTransport | StreamableHTTPClientTransport) {
  const client = new Client({ name: 'design-kb-test', version: '1.0.0' });
  const wireErrors: Error[] = [];
  client.onerror = (error) => wireErrors.push(error);
  await client.connect(transport);
  return { client, wireErrors };
}

const transports: Record<'stdio' | 'http', () => Promise<Connection>> = {
  async stdio() {
    const database = await createDatabase('seeded');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && key !== 'DATABASE_URL' && key !== 'DATA_DIR') env[key] = value;
    }
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      cwd: ROOT,
      env: { ...env, ...database, LOG_LEVEL: 'warn' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const connection = await connect(transport);
      return { ...connection, close: () => connection.client.close() };
    } catch (error) {
      throw new Error(`the stdio server did not start: ${String(error)}\n${stderr}`);
    }
  },
  async http() {
    const server = await startTestServer();
    const connection = await connect(new StreamableHTTPClientTransport(new URL(`${server.baseUrl}/mcp`)));
    return {
      ...connection,
      async close() {
        await connection.client.close();
        await server.stop();
      },
    };
  },
};

type ToolResult = Awaited<ReturnType<Client['callTool']>>;

/** The text of a tool result. */
function textOf(result: ToolResult): string {
  const content = result.content as { type: string; text?: string }[];
  expect(content[0]?.type).toBe('text');
  return content.map((c) => c.text ?? '').join('\n');
}

describe.each(['stdio', 'http'] as const)('MCP over %s', (name) => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    connection = await transports[name]();
    client = connection.client;
  }, 120_000);
  afterAll(() => connection?.close());

  /** Calls a tool that must succeed and returns its text. */
  async function call(tool: string, args: Record<string, unknown>): Promise<string> {
    const result = await client.callTool({ name: tool, arguments: args });
    expect(result.isError).toBeFalsy();
    return textOf(result);
  }

  /** Calls a tool that must fail and returns its error text. */
  async function failure(tool: string, args: Record<string, unknown>): Promise<string> {
    const result = await client.callTool({ name: tool, arguments: args });
    expect(result.isError).toBe(true);
    return textOf(result);
  }

  test('lists the tools, each with an input schema whose fields are described', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'compare_algorithms',
      'get_entry',
      'list_entries',
      'list_tradeoffs',
      'recommend_algorithms',
      'recommend_architecture',
      'related_entries',
      'search_knowledge',
    ]);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(20);
      expect(tool.annotations?.readOnlyHint).toBe(true);
      const properties = Object.entries(tool.inputSchema.properties ?? {}) as [
        string,
        { description?: string },
      ][];
      expect(properties.length).toBeGreaterThan(0);
      for (const [field, schema] of properties) {
        // The tool and field name ride along so a failure says which field lacks a description.
        expect({ tool: tool.name, field, description: schema.description }).toEqual({
          tool: tool.name,
          field,
          description: expect.stringMatching(/^.{10,}$/s),
        });
      }
    }
    const recommend = tools.find((t) => t.name === 'recommend_algorithms');
    const constraint = (recommend?.inputSchema.properties?.constraints as { items: { properties: object } })
      .items;
    expect(Object.keys(constraint.properties)).toEqual(['quality', 'atLeast', 'atMost']);
  });

  test('lists every entry as a kb://<kind>/<slug> resource, with a template', async () => {
    const { resources } = await client.listResources();
    expect(resources.length).toBeGreaterThan(100);
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('kb://algorithm/random-forest');
    expect(uris).toContain('kb://case-study/netflix-prize');
    expect(uris).toContain('kb://pattern/heartbeat');
    for (const resource of resources) {
      expect(resource.uri).toMatch(/^kb:\/\/[a-z-]+\/[a-z0-9-]+$/);
      expect(resource.mimeType).toBe('text/markdown');
    }
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['kb://{kind}/{slug}']);

    const completion = await client.complete({
      ref: { type: 'ref/resource', uri: 'kb://{kind}/{slug}' },
      argument: { name: 'slug', value: 'random' },
      context: { arguments: { kind: 'algorithm' } },
    });
    expect(completion.completion.values).toEqual(['random-forest']);
  });

  test('reads a resource as the entry in Markdown; a kind that does not match is an error', async () => {
    const { contents } = await client.readResource({ uri: 'kb://case-study/twitter-redesign' });
    expect(contents).toHaveLength(1);
    expect(contents[0]?.mimeType).toBe('text/markdown');
    const markdown = (contents[0] as { text: string }).text;
    expect(markdown).toMatch(/^# Twitter's redesign/);
    expect(markdown).toContain('### 1. Ruby on Rails to JVM/Scala');

    await expect(client.readResource({ uri: 'kb://algorithm/heartbeat' })).rejects.toThrow(
      /"heartbeat" is a pattern, at kb:\/\/pattern\/heartbeat/,
    );
  });

  test('search_knowledge finds entries from a loosely worded question, with permalinks and excerpts', async () => {
    const text = await call('search_knowledge', { query: 'how do I detect a crashed service', limit: 3 });
    expect(text).toMatch(/^# Search: "how do I detect a crashed service"\n/);
    const results = text.match(/^\d+\. \*\*.*$/gm) ?? [];
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    expect(results.some((line) => line.includes('(`heartbeat`), pattern'))).toBe(true);
    expect(text).toMatch(/\(`heartbeat`\), pattern[^\n]*: http:\/\/\S+\/kb\/heartbeat\n/);
    expect(text).toMatch(/Matched in the \w+: .*\*\*/);
  });

  test('search_knowledge tolerates typos and narrows by kind', async () => {
    const typo = await call('search_knowledge', { query: 'hartbeat' });
    expect(typo).toMatch(/^\d\. \*\*Heartbeat\*\* \(`heartbeat`\), pattern \(a close spelling\): http/m);
    const patterns = await call('search_knowledge', { query: 'availability', kinds: ['pattern'] });
    const kinds = (patterns.match(/^\d+\. \*\*.*?\(`[a-z0-9-]+`\), ([a-z-]+)/gm) ?? []).map((line) =>
      line.split(', ').pop(),
    );
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['pattern']));
    expect(patterns).toMatch(/By kind: .*quality \d+/);
  });

  test('get_entry returns the Markdown with ratings and references', async () => {
    const text = await call('get_entry', { slug: 'random-forest' });
    expect(text).toMatch(/^# Random forest\n/);
    expect(text).toContain('| Accuracy (`accuracy`) | HIGH |');
    expect(text).toMatch(/\n\d+\. Christian Kästner \(n\.d\.\)\. Machine Learning in Production/);
  });

  test('recommend_algorithms for the credit-card fraud scenario names gradient-boosted trees, with sources', async () => {
    const text = await call('recommend_algorithms', { scenario: 'credit-card-fraud-detection', limit: 3 });
    expect(text).toMatch(
      /### [123]\. Gradient-boosted trees \(GBDT, XGBoost, LightGBM\) \(`gradient-boosted-trees`\)/,
    );
    expect(text).toContain('**Satisfies all bounds:** yes');
    expect(text).toMatch(/Explainability is MEDIUM: [^\n]*\[[^\n]*Lundberg et al\. \(2020\)/);
    expect(text).toMatch(/\/kb\/gradient-boosted-trees\n/);
    expect(text).toContain('Inference latency at most LOW (from the scenario)');
  });

  test('recommend_algorithms with explicit bounds reports what a candidate violates', async () => {
    const text = await call('recommend_algorithms', {
      task: 'classification',
      constraints: [{ quality: 'interpretability', atLeast: 'HIGH' }],
      weights: [{ quality: 'accuracy', weight: 1 }],
    });
    const neural = text.slice(text.indexOf('(`neural-network`)'));
    expect(neural).toContain('**Satisfies all bounds:** no');
    expect(neural).toContain('Interpretability is VERY_LOW but must be at least HIGH');
  });

  test('compare_algorithms shows a table of levels and every rating with its sources', async () => {
    const text = await call('compare_algorithms', {
      algorithms: ['decision-tree', 'neural-network'],
      qualities: ['interpretability', 'training-cost'],
    });
    expect(text).toContain('| Algorithm | Interpretability | Training cost |');
    expect(text).toContain('| Decision tree (`decision-tree`) | HIGH | LOW |');
    expect(text).toContain('| Neural network (deep learning) (`neural-network`) | VERY_LOW | HIGH |');
    expect(text).toContain('- Training cost (`training-cost`): lower is better');
    expect(text).toMatch(/- Interpretability: VERY_LOW\. .*\[Kästner \(n\.d\.\), slide/);
  });

  test('list_tradeoffs lists trade-offs with qualities, examples, algorithms and sources', async () => {
    const all = await call('list_tradeoffs', {});
    const some = await call('list_tradeoffs', { quality: 'interpretability' });
    const headings = (text: string) => text.match(/^## .*$/gm) ?? [];
    expect(headings(some).length).toBeGreaterThan(0);
    expect(headings(some).length).toBeLessThan(headings(all).length);
    expect(headings(some)).toContain('## Accuracy vs interpretability (`accuracy-vs-interpretability`)');
    const section = some.slice(some.indexOf('## Accuracy vs interpretability'));
    expect(section).toContain(
      '- **Between:** Accuracy (`accuracy`) and Interpretability (`interpretability`)',
    );
    expect(section).toMatch(/\*\*Sources:\*\* .*\[Kästner \(n\.d\.\), slide/);
    expect(section).toContain('**Examples:**');
    expect(section).toMatch(
      /Algorithms favouring interpretability over the other side:\*\* .*`decision-tree`/,
    );
  });

  /**
   * The labels of the `## Sources` list an answer ends with, checked: one item per label, each
   * label cited in the text above the list, each item the reference in full with its slug and
   * permalink, and no label left unfinished.
   */
  function sourceLabels(text: string): string[] {
    const start = text.indexOf('\n## Sources\n');
    expect(start).toBeGreaterThan(0);
    const body = text.slice(0, start);
    const items = text.slice(start).match(/^- .+$/gm) ?? [];
    const labels = items.map((item) => /^- (.+?): /.exec(item)?.[1] ?? '');
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(body).toContain(label);
    for (const item of items)
      expect(item).toMatch(/ \((?:\d{4}|n\.d\.)\)\. .* \(`([a-z0-9-]+)`\), http:\S+\/kb\/\1$/);
    expect(text).not.toMatch(/[\uE000\uE001]/);
    return labels;
  }

  test('the entry, search, recommend, compare and trade-off tools end with a Sources list of what they cite', async () => {
    const recommend = await call('recommend_algorithms', {
      scenario: 'credit-card-fraud-detection',
      limit: 3,
    });
    expect(sourceLabels(recommend)).toContain('Lundberg et al. (2020)');
    expect(recommend).toMatch(/Explainability is MEDIUM: [^\n]*\[[^\n]*Lundberg et al\. \(2020\)/);

    const compare = await call('compare_algorithms', {
      algorithms: ['decision-tree', 'neural-network'],
      qualities: ['interpretability', 'training-cost'],
    });
    expect(sourceLabels(compare)).toContain('Kästner (n.d.)');
    expect(compare).toMatch(
      /\n- Kästner \(n\.d\.\): Christian Kästner \(n\.d\.\)\. Machine Learning in Production[^\n]*https:\/\/mlip-cmu\.github\.io\//,
    );

    const tradeoffs = await call('list_tradeoffs', { quality: 'interpretability' });
    expect(sourceLabels(tradeoffs).length).toBeGreaterThan(0);

    // A reference found by search is cited as a source itself; an organisation is named whole.
    const search = await call('search_knowledge', { query: 'Demystifying GPT-3', kinds: ['reference'] });
    expect(search).toContain('   Cite as: Lambda Labs (2020)');
    expect(sourceLabels(search)).toContain('Lambda Labs (2020)');
    expect(search).toMatch(
      /\n- Lambda Labs \(2020\): Lambda Labs \(2020\)\. Demystifying GPT-3\. https:\/\/lambdalabs\.com\//,
    );

    // An entry is a Markdown document: numbered markers into its References list, each in full.
    const entry = await call('get_entry', { slug: 'heartbeat' });
    const references = entry.slice(entry.indexOf('\n## References\n'));
    expect(references.match(/^\d+\. .*\(`[a-z0-9-]+`\)$/gm)?.length).toBeGreaterThan(0);
    expect(entry.slice(0, entry.indexOf('\n## References\n'))).toMatch(/\[1[,\]]/);
  });

  test('bad input is a tool error naming the field and why; the server keeps answering', async () => {
    expect(await failure('get_entry', { slug: 'no-such-entry' })).toBe(
      'Invalid `slug`: No entry has slug "no-such-entry"; find slugs with search_knowledge.',
    );
    expect(
      await failure('recommend_algorithms', { constraints: [{ quality: 'speed', atLeast: 'HIGH' }] }),
    ).toMatch(/^Invalid `constraints\[0\]\.quality`: Unknown quality "speed"\. Valid qualities: .*accuracy/);
    expect(
      await failure('recommend_algorithms', {
        constraints: [{ quality: 'accuracy', atLeast: 'SUPER_HIGH' }],
      }),
    ).toMatch(
      /expected one of "VERY_LOW"\|"LOW"\|"MEDIUM"\|"HIGH"\|"VERY_HIGH" at constraints\[0\]\.atLeast/,
    );
    expect(await failure('recommend_algorithms', { weights: [{ quality: 'accuracy', weight: -1 }] })).toMatch(
      /^Invalid `weights\[0\]\.weight`: The weight of "accuracy" must be between 0 and 1000000/,
    );
    expect(await failure('recommend_algorithms', { scenario: 'mars-landing' })).toMatch(
      /^Invalid `scenario`: Unknown scenario "mars-landing"/,
    );
    expect(await failure('compare_algorithms', { algorithms: ['decision-tree', 'observer'] })).toMatch(
      /^Invalid `algorithms\[1\]`: Unknown algorithm "observer"/,
    );
    expect(await failure('compare_algorithms', { algorithms: 'decision-tree' })).toMatch(
      /expected array, received string at algorithms/,
    );
    expect(await failure('list_tradeoffs', { quality: 'speed' })).toMatch(
      /^Invalid `quality`: Unknown quality "speed"/,
    );
    expect(await failure('search_knowledge', { query: '   ' })).toBe(
      'Invalid `query`: `query` must contain at least one word.',
    );
    expect(await failure('search_knowledge', { query: 'cache', kinds: ['spaceship'] })).toMatch(
      /Invalid option: expected one of .*"algorithm".* at kinds\[0\]/,
    );
    expect(await failure('search_knowledge', { query: 'cache', limit: 500 })).toMatch(/at limit/);

    await client.ping();
    expect(await call('get_entry', { slug: 'heartbeat' })).toMatch(/^# Heartbeat\n/);
    expect(connection.wireErrors).toEqual([]);
  });
});

test('GET and DELETE on /mcp answer 405: the endpoint is stateless', async () => {
  const server = await startTestServer();
  try {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${server.baseUrl}/mcp`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/stateless/);
    }
  } finally {
    await server.stop();
  }
});

test('`mcp` refuses an embedded database another live process holds, and says what to do instead', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-mcp-lock-'));
  fs.mkdirSync(path.join(dataDir, 'pglite'));
  // The test process is alive and is not the CLI: it stands in for a running server.
  fs.writeFileSync(path.join(dataDir, 'pglite.lock'), String(process.pid));
  const result = runCli(['mcp'], { DATA_DIR: dataDir });
  expect(result.status).toBe(1);
  expect(result.output).toContain(`is in use by process ${process.pid}`);
  expect(result.output).toMatch(/cannot share an embedded database with a running server/);
  expect(result.output).toMatch(/http:\/\/localhost:\d+\/mcp/);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
