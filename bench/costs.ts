// `npm run bench:costs`: what the expensive fields cost the server, against what the query cost
// limit charges for them. Starts the built server on a fresh seeded embedded database (or on
// DATABASE_URL when set) with the response cache off, sends each query COST_REPEATS (7) times and
// takes the medians of the server's CPU time (process_cpu_seconds_total, read from /metrics
// before and after each request: on the embedded database this includes the SQL) and of the
// response's size. A field's own cost is its query minus a baseline that selects the same items
// without it, divided by the items; the weight it implies is the larger of its CPU time and its
// bytes over those of one point, what a plain field costs (measured first, on a page of entries).
// docs/limits.md records a run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { getIntrospectionQuery, parse } from 'graphql';
import { buildSchema } from '../src/server/schema';
import { operationCost } from '../src/server/limits';
import { spawnServer } from '../test/support/spawn';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const REPEATS = Number(process.env.COST_REPEATS ?? 7);

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Sample {
  cpuMs: number;
  bytes: number;
  body: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function cpuSeconds(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^process_cpu_seconds_total (\S+)/m.exec(text)?.[1] ?? NaN);
}

type Request = { query: string; variables?: Record<string, unknown> } | { get: string };

async function measure(baseUrl: string, request: Request): Promise<Sample> {
  const send = async () => {
    const response =
      'get' in request
        ? await fetch(`${baseUrl}${request.get}`)
        : await fetch(`${baseUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(request),
          });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${response.status}: ${body.slice(0, 300)}`);
    return body;
  };
  await send(); // warm-up: compiles the code paths and fills the database's caches
  const cpu: number[] = [];
  let body = '';
  for (let i = 0; i < REPEATS; i += 1) {
    const before = await cpuSeconds(baseUrl);
    body = await send();
    cpu.push((await cpuSeconds(baseUrl)) - before);
  }
  // The scrape after the request is counted too: subtract what a scrape alone costs.
  const scrape: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const before = await cpuSeconds(baseUrl);
    scrape.push((await cpuSeconds(baseUrl)) - before);
  }
  return { cpuMs: Math.max(0, (median(cpu) - median(scrape)) * 1000), bytes: Buffer.byteLength(body), body };
}

interface Case {
  name: string;
  /** The schema field (or route) whose cost this measures. */
  field: string;
  request: Request;
  /** The same items without the field; absent: the request's whole cost is the field's. */
  baseline?: Request;
  /** How many times the request holds the field. */
  items: (body: string) => number;
}

function cli(args: string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`design-kb ${args.join(' ')} failed:\n${String(result.stderr)}`);
}

async function main(): Promise<void> {
  const env: Record<string, string> = process.env.DATABASE_URL
    ? { DATABASE_URL: process.env.DATABASE_URL }
    : { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-costs-')) };
  cli(['migrate'], env);
  cli(['seed'], env);
  const server = await spawnServer({
    ...env,
    NODE_ENV: 'production',
    RATE_LIMIT_MAX: '0',
    RESPONSE_CACHE: 'false',
    MAX_QUERY_COST: '1000000',
    MAX_RESPONSE_BYTES: '100mb',
  });
  try {
    const url = server.baseUrl;
    const slugsOf = async (query: string) =>
      [...(await measure(url, { query })).body.matchAll(/"slug":"([^"]+)"/g)].map((m) => m[1] as string);
    const algorithms = await slugsOf('{ algorithms(first: 100) { nodes { slug } } }');
    const qualities = await slugsOf('{ qualities(first: 100) { nodes { slug } } }');
    const count = (pattern: RegExp) => (body: string) => [...body.matchAll(pattern)].length;
    const weights = qualities.map((quality) => ({ quality, weight: 2 }));
    const recommend = (selection: string): Request => ({
      query: `query ($input: RecommendAlgorithmsInput!) { recommendAlgorithms(input: $input) { ${selection} } }`,
      variables: { input: { weights, first: 100 } },
    });
    const compare = (cells: string, columns: string[]): Request => ({
      query: `query ($s: [String!]!, $q: [String!]) { compareAlgorithms(slugs: $s, qualities: $q) { rows { cells { ${cells} } } } }`,
      variables: { s: algorithms, q: columns },
    });
    const cases: Case[] = [
      {
        name: 'a page of entries (100)',
        field: 'Entry (plain fields)',
        request: { query: '{ entries(first: 100) { nodes { slug title summary kind url revision } } }' },
        items: count(/"slug"/g),
      },
      {
        name: 'markdown of 100 entries',
        field: 'Entry.markdown',
        request: { query: '{ entries(first: 100) { nodes { slug markdown } } }' },
        baseline: { query: '{ entries(first: 100) { nodes { slug } } }' },
        items: count(/"markdown"/g),
      },
      {
        name: 'search, 100 hits',
        field: 'Query.search',
        request: { query: '{ search(query: "model", first: 100) { edges { node { slug } } } }' },
        items: () => 1,
      },
      {
        name: 'highlight of 100 hits',
        field: 'SearchEdge.highlight',
        request: { query: '{ search(query: "model", first: 100) { edges { highlight node { slug } } } }' },
        baseline: { query: '{ search(query: "model", first: 100) { edges { node { slug } } } }' },
        items: count(/"highlight"/g),
      },
      {
        name: `recommendation over every algorithm, ${qualities.length} weights`,
        field: 'Query.recommendAlgorithms',
        request: recommend('evaluatedCount candidates { score }'),
        items: () => 1,
      },
      {
        name: 'explanation of every candidate',
        field: 'AlgorithmCandidate.explanation',
        request: recommend('candidates { score explanation }'),
        baseline: recommend('candidates { score }'),
        items: count(/"explanation"/g),
      },
      {
        name: `comparison cells, ${algorithms.length} × ${qualities.length}`,
        field: 'ComparisonCell (level, rationale)',
        request: compare('level rationale', qualities),
        baseline: compare('level', qualities.slice(0, 1)),
        items: (body) => count(/"level"/g)(body) - algorithms.length,
      },
      {
        name: 'full introspection',
        field: '__schema',
        request: { query: getIntrospectionQuery() },
        items: () => 1,
      },
      {
        name: `comparison chart, ${algorithms.length} × ${qualities.length} (HTTP)`,
        field: 'GET /compare.svg',
        request: { get: `/compare.svg?algorithms=${algorithms.join(',')}&qualities=${qualities.join(',')}` },
        items: () => 1,
      },
      {
        name: 'an entry chart (HTTP)',
        field: 'GET /kb/:slug/chart.svg',
        request: { get: '/kb/random-forest/chart.svg' },
        items: () => 1,
      },
    ];

    const schema = buildSchema();
    const estimate = (request: Request) =>
      'get' in request
        ? null
        : operationCost(schema, { document: parse(request.query), variables: request.variables });
    // One point: a plain field, as the first case measures it (its cost charged counts its fields).
    const [plain] = cases;
    if (!plain) throw new Error('no cases');
    const plainSample = await measure(url, plain.request);
    const plainCost = estimate(plain.request) ?? 1;
    const pointUs = (plainSample.cpuMs * 1000) / plainCost;
    const pointBytes = plainSample.bytes / plainCost;
    say(
      `\n${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(1) ?? '?'}; medians of ${REPEATS}; one point (a plain field) = ${pointUs.toFixed(0)} µs of CPU and ${pointBytes.toFixed(0)} bytes\n`,
    );
    say(
      '| measured | field | items | CPU ms | bytes | CPU µs / item | bytes / item | implied weight | cost charged | CPU µs / point charged |',
    );
    say('|---|---|---|---|---|---|---|---|---|---|');
    for (const c of cases) {
      const sample = await measure(url, c.request);
      const base = c.baseline ? await measure(url, c.baseline) : { cpuMs: 0, bytes: 0 };
      const items = Math.max(1, c.items(sample.body));
      const cpuUs = (Math.max(0, sample.cpuMs - base.cpuMs) * 1000) / items;
      const bytes = Math.max(0, sample.bytes - base.bytes) / items;
      const implied = Math.max(1, Math.ceil(Math.max(cpuUs / pointUs, bytes / pointBytes)));
      const charged = estimate(c.request);
      say(
        `| ${c.name} | \`${c.field}\` | ${items} | ${sample.cpuMs.toFixed(0)} | ${sample.bytes} | ${cpuUs.toFixed(0)} | ${bytes.toFixed(0)} | ${implied} | ${charged ?? 'not limited'} | ${charged ? ((sample.cpuMs * 1000) / charged).toFixed(1) : '–'} |`,
      );
    }
  } finally {
    server.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
