// Markdown renderings over HTTP: every kind renders its own parts, citation markers point into
// the References list, `/kb/<slug>.md` serves the same text as `Entry.markdown`, table cells
// survive pipes and line breaks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateEntries } from '../seed/generate';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function markdownOf(slug: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/kb/${slug}.md`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
  return response.text();
}

/** The lines of one `## Heading` section, up to the next one. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThan(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line !== '');
}

/** The number each reference slug has in the References list. */
function referenceNumbers(markdown: string): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const line of section(markdown, 'References')) {
    const match = /^(\d+)\. .*\(`([a-z0-9-]+)`\)$/.exec(line);
    expect(match).not.toBeNull();
    numbers.set(match?.[2] ?? '', Number(match?.[1]));
  }
  return numbers;
}

/** A table row starting with this first cell, split into cells. */
function row(lines: string[], first: string): string[] {
  const line = lines.find((l) => l.startsWith(`| ${first} |`));
  expect(line).toBeDefined();
  return (line ?? '')
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

test('random-forest: header, ratings table with levels, markers pointing into the References list', async () => {
  const md = await markdownOf('random-forest');
  expect(md.startsWith('# Random forest\n')).toBe(true);
  expect(md).toContain('- **Slug:** `random-forest`');
  expect(md).toContain(
    `- **Permalink:** ${server.baseUrl.replace('127.0.0.1', 'localhost')}/kb/random-forest`,
  );
  expect(section(md, 'Algorithm')).toContain('- **Tasks:** classification, regression');

  const ratings = section(md, 'Ratings');
  expect(ratings).toContain('| Quality | Level | Rationale | Sources |');
  expect(row(ratings, 'Accuracy (`accuracy`)')[1]).toBe('HIGH');
  expect(row(ratings, 'Interpretability (`interpretability`)')[1]).toBe('LOW');

  const numbers = referenceNumbers(md);
  const lecture = numbers.get('kastner-architecture-and-design-lecture');
  expect(lecture).toBeDefined();
  const breiman = numbers.get('breiman-2001-random-forests');
  expect(breiman).toBeDefined();
  expect(row(ratings, 'Expressiveness (`expressiveness`)')[3]).toContain(`[${breiman}]`);
  const references = section(md, 'References');
  expect(references[(lecture ?? 0) - 1]).toBe(
    `${lecture}. Christian Kästner (n.d.). Machine Learning in Production: Toward Architecture and Design. ` +
      'Machine Learning in Production course, Carnegie Mellon University. https://mlip-cmu.github.io/ ' +
      '(`kastner-architecture-and-design-lecture`)',
  );
  expect(references.some((line) => line.includes('Leo Breiman (2001). Random Forests.'))).toBe(true);
  // Numbered 1..n in order, every number used by some marker.
  expect([...numbers.values()]).toEqual([...numbers.values()].map((_, i) => i + 1));
  for (const n of numbers.values()) expect(md).toMatch(new RegExp(`\\[${n}[,\\]]`));

  const related = section(md, 'Related entries');
  const alternatives = related.filter((line) => line.includes('(`decision-tree`)'));
  expect(alternatives).toHaveLength(1);
  expect(alternatives[0]).toMatch(
    /^- Alternative: Decision tree \(`decision-tree`\), http:\/\/\S+\/kb\/decision-tree$/,
  );
});

test('heartbeat: the pattern fields and quality effects with promotes and inhibits', async () => {
  const md = await markdownOf('heartbeat');
  expect(section(md, 'Pattern')).toEqual(['- **Pattern kind:** architectural tactic']);
  expect(section(md, 'Intent')[0]).toMatch(/^Notice when a component has become unavailable/);
  expect(section(md, 'Costs').length).toBeGreaterThan(0);
  const effects = section(md, 'Quality effects');
  expect(row(effects, 'Availability (`availability`)')[1]).toBe('Promotes');
  const inhibits = effects.filter((line) => line.includes('| Inhibits |'));
  expect(inhibits.length).toBeGreaterThan(0);
  expect(md).toMatch(
    /\*\*Sources:\*\* .*\[\d+, slide 'Architectural pattern: Heartbeat tactic', speaker notes\]/,
  );
});

test('twitter-redesign: goals and numbered decisions, each with its effects and sources', async () => {
  const md = await markdownOf('twitter-redesign');
  expect(section(md, 'Goals')).toContain(
    '- Response time (`response-time`): Performance: improve median latency and reduce latency outliers.',
  );
  const decisions = section(md, 'Decisions');
  expect(decisions).toContain('### 1. Ruby on Rails to JVM/Scala');
  expect(decisions).toContain('### 2. Monolith to microservices');
  expect(decisions).toContain('- **Before:** Application code in Ruby on Rails.');
  expect(row(decisions, 'Throughput (`throughput`)')[1]).toBe('Promotes');
  expect(decisions.filter((line) => line.startsWith('- **Sources:** ['))).not.toHaveLength(0);
  expect(referenceNumbers(md).has('krikorian-2013-new-tweets-per-second-record')).toBe(true);
});

test.each([
  ['accuracy', 'How algorithms rate', '| Random forest (`random-forest`) | HIGH |'],
  ['accuracy', 'Trade-offs', '- Accuracy vs interpretability (`accuracy-vs-interpretability`), http'],
  ['microservices', 'Quality effects', '| Scalability (`scalability`) | Promotes |'],
  ['microservices', 'When to use', '- Large systems and organisations'],
  ['credit-card-fraud-detection', 'Qualities that matter', '| Accuracy (`accuracy`) | CRITICAL |'],
  ['credit-card-fraud-detection', 'Constraints', 'Explainability (`explainability`) at least MEDIUM |'],
  ['netflix-prize', 'Decisions', '### 1. '],
  [
    'accuracy-vs-interpretability',
    'Trade-off',
    '- **Between:** Accuracy (`accuracy`) and Interpretability (`interpretability`)',
  ],
  ['accuracy-vs-interpretability', 'Examples', '- Interpretability matters more'],
  ['gpt-3', 'Facts', '| Weights | 175,000,000,000 parameters |'],
  ['data-management', 'Responsibility', ''],
  ['ai-beyond-deep-learning', 'Definition', ''],
  ['design-constraints', 'Examples', '- '],
  ['scale-and-resource-limits', 'Examples', '- '],
  ['kastner-architecture-and-design-lecture', 'Reference', '- **Cite as:** Christian Kästner (n.d.).'],
  ['kastner-architecture-and-design-lecture', 'Cited by', '- Random forest (`random-forest`)'],
])('%s has a "%s" section with %j', async (slug, heading, line) => {
  const lines = section(await markdownOf(slug), heading);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.some((l) => l.includes(line))).toBe(true);
});

test('every entry of the knowledge base renders, and renders the same twice', async () => {
  const result = await server.gql<{
    entries: { nodes: { slug: string; title: string; markdown: string }[] };
  }>('{ entries(first: 100, orderBy: { field: SLUG }) { nodes { slug title markdown } } }');
  expect(result.errors).toBeUndefined();
  const nodes = result.data?.entries.nodes ?? [];
  expect(nodes.length).toBeGreaterThan(50);
  for (const node of nodes) {
    expect(node.markdown.startsWith(`# ${node.title}\n`)).toBe(true);
    expect(node.markdown).toContain(`- **Slug:** \`${node.slug}\``);
  }
  const [first, second] = nodes;
  for (const node of [first, second]) {
    expect(await markdownOf(node?.slug ?? '')).toBe(node?.markdown);
  }
});

test('the markdown of a list of entries costs no more statements than that of one entry of each kind', async () => {
  const count = async (first: number) => {
    const result = await server.gql<{ patterns: { nodes: { markdown: string }[] } }>(
      'query ($first: Int!) { patterns(first: $first) { nodes { markdown } } }',
      { first },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.patterns.nodes.length).toBeGreaterThanOrEqual(Math.min(first, 4));
    return result.extensions?.sqlStatements ?? -1;
  };
  const one = await count(1);
  expect(one).toBeGreaterThan(0);
  expect(await count(20)).toBe(one);
});

test('an unknown slug answers 404 in the JSON error shape every route uses; the JSON permalink still works', async () => {
  const missing = await fetch(`${server.baseUrl}/kb/no-such-entry.md`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await missing.json()).toEqual({
    errors: [{ message: 'No entry has slug "no-such-entry".', extensions: { code: 'NOT_FOUND' } }],
  });

  const json = await fetch(`${server.baseUrl}/kb/random-forest`);
  expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await json.json()) as { slug: string }).slug).toBe('random-forest');
});

describe('table cells', () => {
  let own: TestServer;
  beforeAll(async () => {
    const entries = generateEntries({ algorithms: 1, qualities: 1, prefix: 'mdcell' });
    const algorithm = entries.find((e) => e.kind === 'algorithm');
    if (algorithm?.kind !== 'algorithm') throw new Error('the generator made no algorithm');
    const [rating] = Object.values(algorithm.ratings);
    if (!rating) throw new Error('the generator made no rating');
    rating.rationale = 'Fast | cheap\nbut | not free';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-md-'));
    fs.writeFileSync(path.join(dir, 'cells.yaml'), stringify({ entries }, { aliasDuplicateObjects: false }));
    own = await startTestServer({ template: 'empty', content: dir });
  });
  afterAll(() => own?.stop());

  test('pipes are escaped and line breaks become <br>, so the row stays one row of four cells', async () => {
    const md = await (await fetch(`${own.baseUrl}/kb/mdcell-algorithm-0.md`)).text();
    const ratings = section(md, 'Ratings');
    const line = ratings.find((l) => l.startsWith('| Generated quality 0'));
    expect(line).toBe(
      `| Generated quality 0 (\`mdcell-quality-0\`) | ${row(ratings, 'Generated quality 0 (`mdcell-quality-0`)')[1]} | Fast \\| cheap<br>but \\| not free | [1, generated] |`,
    );
    expect(row(ratings, 'Generated quality 0 (`mdcell-quality-0`)')).toHaveLength(4);
  });
});
