// `npm run bench`: starts the built server on fresh embedded databases (or on DATABASE_URL when
// set) and drives it with autocannon:
//   1. the seeded knowledge base: a nested list query and a point lookup (BENCH_CONNECTIONS);
//   2. search on the seeded knowledge base, cycling through the relevance table's queries, at
//      concurrency 1;
//   3. search on the knowledge base plus 10,000 generated entries of prose drawn from its words;
//   4. a generated knowledge base of 10,000 algorithms × 30 qualities: recommendAlgorithms with
//      5 constraints and 5 weights at concurrency 1, with the server's memory before and after.
// BENCH_ONLY=kb,search,recommend runs some of them; BENCH_DURATION sets the seconds per workload.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadContent } from '../seed/load';
import { writeGeneratedContent } from '../seed/generate';
import { RELEVANCE_TABLE } from '../test/support/relevance-table';
import { spawnServer } from '../test/support/spawn';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const GENERATED_ALGORITHMS = Number(process.env.BENCH_ALGORITHMS ?? 10_000);
const GENERATED_QUALITIES = 30;
const GENERATED_TEXTS = Number(process.env.BENCH_TEXTS ?? 10_000);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'kb,search,recommend').split(',').map((part) => part.trim()));

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Workload {
  name: string;
  /** One query, or several sent in turn. */
  query: string | { query: string; variables?: Record<string, unknown> }[];
  connections: number;
}

const KB_WORKLOADS: Workload[] = [
  {
    name: 'nested list: algorithms → ratings → quality → citations → reference',
    query: `{ algorithms(first: 50) { totalCount nodes { slug title family tasks
      ratings { level rationale quality { slug title polarity }
        citations { locator reference { slug title authors year } } } } } }`,
    connections: CONNECTIONS,
  },
  {
    name: 'point lookup: algorithm(slug) with its ratings',
    query: `{ algorithm(slug: "random-forest") { slug title summary advantages drawbacks
      ratings { level quality { slug } } } }`,
    connections: CONNECTIONS,
  },
];

const SEARCH = `query ($query: String!) { search(query: $query, first: 10) {
  totalCount facets { kind count } edges { rank highlight node { slug title summary } } } }`;
const searchWorkload = (where: string): Workload => ({
  name: `search on ${where}, ${RELEVANCE_TABLE.length} queries in turn`,
  query: RELEVANCE_TABLE.map(([query]) => ({ query: SEARCH, variables: { query } })),
  connections: 1,
});

const q = (i: number) => `gen-quality-${i}`;
const RECOMMEND: Workload = {
  name: `recommendAlgorithms on ${GENERATED_ALGORITHMS} algorithms × ${GENERATED_QUALITIES} qualities, 5 constraints, 5 weights`,
  query: `{ recommendAlgorithms(input: {
      task: "classification"
      constraints: [
        { quality: "${q(1)}", atLeast: MEDIUM }, { quality: "${q(2)}", atLeast: LOW },
        { quality: "${q(3)}", atMost: HIGH }, { quality: "${q(4)}", atLeast: LOW, atMost: VERY_HIGH },
        { quality: "${q(5)}", atLeast: MEDIUM }
      ]
      weights: [
        { quality: "${q(6)}", weight: 3 }, { quality: "${q(7)}", weight: 2 }, { quality: "${q(8)}", weight: 1.5 },
        { quality: "${q(9)}", weight: 1 }, { quality: "${q(10)}", weight: 0.5 }
      ]
      first: 10
    }) { satisfyingCount evaluatedCount candidates { rank score algorithm { slug } paretoOptimal explanation }
         nearMisses { algorithm { slug } violations { quality { slug } required actual } } } }`,
  connections: 1,
};

function databaseEnv(name: string): Record<string, string> {
  if (process.env.DATABASE_URL) return { DATABASE_URL: process.env.DATABASE_URL };
  return { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `design-kb-bench-${name}-`)) };
}

function cli(args: string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`design-kb ${args.join(' ')} failed; see the output above.`);
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number | undefined): string {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return `${(kb / 1024).toFixed(0)} MB`;
  } catch {
    return 'n/a';
  }
}

async function run(baseUrl: string, workload: Workload): Promise<void> {
  const bodies = (typeof workload.query === 'string' ? [{ query: workload.query }] : workload.query).map(
    (request) => JSON.stringify(request),
  );
  const send = (body: string) =>
    fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  // Warm up first (the first request may load caches); count the statements of a warm request.
  for (const body of bodies) {
    const result = (await (await send(body)).json()) as { errors?: unknown };
    if (result.errors) throw new Error(`${workload.name} failed: ${JSON.stringify(result.errors)}`);
  }
  const probe = (await (await send(bodies[0] ?? '')).json()) as { extensions?: { sqlStatements?: number } };

  say(`\n${workload.name}: ${DURATION} s at ${workload.connections} connection(s)…`);
  const result = await autocannon({
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
    connections: workload.connections,
    duration: DURATION,
  });
  say(
    [
      `  requests/s ${result.requests.average.toFixed(0)}`,
      `p50 ${result.latency.p50} ms`,
      `p99 ${result.latency.p99} ms`,
      `SQL statements/request ${probe.extensions?.sqlStatements ?? 'n/a'}`,
      `errors ${result.errors + result.non2xx}`,
    ].join(' · '),
  );
}

async function main(): Promise<void> {
  if (ONLY.has('kb') || ONLY.has('search')) {
    const kb = databaseEnv('kb');
    say(`Preparing the knowledge base (${'DATA_DIR' in kb ? 'embedded PGlite' : 'PostgreSQL'})…`);
    cli(['migrate'], kb);
    cli(['seed'], kb);
    const server = await spawnServer(kb);
    try {
      if (ONLY.has('kb')) for (const workload of KB_WORKLOADS) await run(server.baseUrl, workload);
      if (ONLY.has('search')) await run(server.baseUrl, searchWorkload('the seeded knowledge base'));
    } finally {
      server.child.kill('SIGTERM');
    }
  }
  if (ONLY.has('search')) await benchLargeSearch();
  if (ONLY.has('recommend')) await benchRecommend();
}

/** The real content plus generated entries of prose drawn from the real content's words. */
async function benchLargeSearch(): Promise<void> {
  const content = loadContent();
  const vocabulary = [
    ...new Set(
      content.entries.flatMap(
        ({ entry }) => `${entry.title} ${entry.summary} ${entry.body}`.match(/[a-z]{3,}/gi) ?? [],
      ),
    ),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-bench-search-'));
  for (const file of fs.readdirSync(path.join(ROOT, 'seed', 'content'))) {
    fs.copyFileSync(path.join(ROOT, 'seed', 'content', file), path.join(dir, file));
  }
  writeGeneratedContent(dir, { texts: { count: GENERATED_TEXTS, vocabulary } });
  const env = await generatedDatabaseEnv();
  say(
    `\nPreparing the knowledge base plus ${GENERATED_TEXTS} generated entries (${vocabulary.length} distinct words)…`,
  );
  cli(['migrate'], env);
  cli(['seed', '--dir', dir], env);
  const server = await spawnServer(env);
  try {
    say(`  server memory after start: ${rssMb(server.child.pid)}`);
    await run(server.baseUrl, searchWorkload(`${GENERATED_TEXTS} more entries`));
    say(`  server memory after the run: ${rssMb(server.child.pid)}`);
  } finally {
    server.child.kill('SIGTERM');
    await dropGeneratedDatabase(env);
  }
}

async function benchRecommend(): Promise<void> {
  const generated = await generatedDatabaseEnv();
  const content = writeGeneratedContent(fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-bench-content-')), {
    algorithms: GENERATED_ALGORITHMS,
    qualities: GENERATED_QUALITIES,
  });
  say(
    `\nPreparing a generated knowledge base of ${GENERATED_ALGORITHMS} algorithms × ${GENERATED_QUALITIES} qualities…`,
  );
  cli(['migrate'], generated);
  cli(['seed', '--dir', content], generated);
  const server = await spawnServer(generated);
  try {
    say(`  server memory after start: ${rssMb(server.child.pid)}`);
    await run(server.baseUrl, RECOMMEND);
    say(`  server memory after the run: ${rssMb(server.child.pid)}`);
  } finally {
    server.child.kill('SIGTERM');
    await dropGeneratedDatabase(generated);
  }
}

/**
 * The generated knowledge base never goes into the caller's database: on PostgreSQL it gets a
 * throwaway database on the same server (dropped afterwards), on PGlite a temporary directory.
 */
async function generatedDatabaseEnv(): Promise<Record<string, string>> {
  const url = process.env.DATABASE_URL;
  if (!url) return databaseEnv('generated');
  const target = new URL(url);
  target.pathname = `/designkb_bench_${process.pid}`;
  await admin(url, (client) => client.query(`CREATE DATABASE designkb_bench_${process.pid}`));
  return { DATABASE_URL: target.toString() };
}

async function dropGeneratedDatabase(env: Record<string, string>): Promise<void> {
  if (!env.DATABASE_URL || !process.env.DATABASE_URL) return;
  await admin(process.env.DATABASE_URL, (client) =>
    client.query(`DROP DATABASE IF EXISTS designkb_bench_${process.pid} WITH (FORCE)`),
  );
}

async function admin(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
