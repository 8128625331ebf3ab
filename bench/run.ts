// `npm run bench`: starts the built server on fresh embedded databases (or on DATABASE_URL when
// set) and drives it with autocannon:
//   1. the seeded knowledge base: a nested list query and a point lookup (BENCH_CONNECTIONS);
//   2. search on the seeded knowledge base, cycling through the relevance table's queries, at
//      concurrency 1;
//   3. search on the knowledge base plus 10,000 generated entries of prose drawn from its words
//      (after each search workload, type-ahead `suggest` on prefixes of the same queries);
//   4. a generated knowledge base of 10,000 algorithms × 30 qualities: recommendAlgorithms with
//      5 constraints and 5 weights at concurrency 1, with the server's memory before and after;
//   5. a mixed read workload (list, nested, lookup, search) for BENCH_MIXED_DURATION (30) s at
//      BENCH_CONNECTIONS, with the response cache off and on, the server's memory at rest, before
//      and after, and a bare node:http server returning the same bytes as the ceiling;
//   6. response-cache hits (the point lookup, cached) at BENCH_CONNECTIONS against the same
//      ceiling, as a ratio, with the server's memory at rest and after.
// Each timed workload reports requests/s, latency, the server's CPU time per request (from /proc)
// and the SQL statements one request issues (counted beforehand on a server with SQL_STATS on).
// BENCH_ONLY=kb,search,recommend,mixed,cache runs some of them; BENCH_DURATION sets the seconds
// per workload (except the mixed one).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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
const MIXED_DURATION = Number(process.env.BENCH_MIXED_DURATION ?? 30);
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'kb,search,recommend,mixed,cache').split(',').map((part) => part.trim()),
);

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

const SUGGEST = `query ($prefix: String!) { suggest(prefix: $prefix, first: 8) { text field slug kind } }`;
/** What a search box sends while the relevance table's queries are typed: 2 to 8 characters of each. */
const suggestWorkload = (where: string): Workload => ({
  name: `suggest on ${where}, prefixes of the relevance table's queries`,
  query: RELEVANCE_TABLE.flatMap(([query]) =>
    [2, 4, 8].map((n) => ({ query: SUGGEST, variables: { prefix: query.slice(0, n) } })),
  ),
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

/** CPU time (user + system) a process has used, in ms (Linux /proc; null elsewhere). */
function cpuMs(pid: number | undefined): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second for /proc times: 100 on Linux unless `getconf CLK_TCK` says otherwise. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function bodiesOf(workload: Workload): string[] {
  return (typeof workload.query === 'string' ? [{ query: workload.query }] : workload.query).map((request) =>
    JSON.stringify(request),
  );
}

async function post(
  baseUrl: string,
  body: string,
): Promise<{ errors?: unknown; extensions?: { sqlStatements?: number } }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return (await response.json()) as { errors?: unknown; extensions?: { sqlStatements?: number } };
}

/**
 * SQL statements a warm request of each workload issues, read from a server with SQL_STATS on.
 * The timed servers run without it, so their CPU time does not include the counting.
 */
async function countStatements(
  env: Record<string, string>,
  workloads: Workload[],
): Promise<Map<Workload, number>> {
  const counts = new Map<Workload, number>();
  const server = await benchServer({ ...env, SQL_STATS: 'true' });
  try {
    for (const workload of workloads) {
      const body = bodiesOf(workload)[0] ?? '';
      await post(server.baseUrl, body);
      const statements = (await post(server.baseUrl, body)).extensions?.sqlStatements;
      if (statements !== undefined) counts.set(workload, statements);
    }
  } finally {
    await stop(server.child);
  }
  return counts;
}

async function run(baseUrl: string, workload: Workload, pid?: number, statements?: number): Promise<void> {
  const bodies = bodiesOf(workload);
  // Warm up first (the first request may load caches).
  for (const body of bodies) {
    const result = await post(baseUrl, body);
    if (result.errors) throw new Error(`${workload.name} failed: ${JSON.stringify(result.errors)}`);
  }

  say(`\n${workload.name}: ${DURATION} s at ${workload.connections} connection(s)…`);
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
    connections: workload.connections,
    duration: DURATION,
  });
  const cpuAfter = cpuMs(pid);
  const cpuPerRequest =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0
      ? `${((cpuAfter - cpuBefore) / result.requests.total).toFixed(2)} ms`
      : 'n/a';
  say(
    [
      `  requests/s ${result.requests.average.toFixed(0)}`,
      `p50 ${result.latency.p50} ms`,
      `p99 ${result.latency.p99} ms`,
      `server CPU/request ${cpuPerRequest}`,
      `SQL statements/request ${statements ?? 'n/a'}`,
      `errors ${result.errors + result.non2xx}`,
    ].join(' · '),
  );
}

async function main(): Promise<void> {
  if (ONLY.has('kb') || ONLY.has('search') || ONLY.has('mixed') || ONLY.has('cache')) {
    const kb = databaseEnv('kb');
    say(`Preparing the knowledge base (${'DATA_DIR' in kb ? 'embedded PGlite' : 'PostgreSQL'})…`);
    cli(['migrate'], kb);
    cli(['seed'], kb);
    if (ONLY.has('kb') || ONLY.has('search')) {
      const workloads = [
        ...(ONLY.has('kb') ? KB_WORKLOADS : []),
        ...(ONLY.has('search')
          ? [searchWorkload('the seeded knowledge base'), suggestWorkload('the seeded knowledge base')]
          : []),
      ];
      const statements = await countStatements(kb, workloads);
      const server = await benchServer(kb);
      try {
        for (const workload of workloads) {
          await run(server.baseUrl, workload, server.child.pid, statements.get(workload));
        }
      } finally {
        await stop(server.child);
      }
    }
    if (ONLY.has('mixed')) await benchMixed(kb);
    if (ONLY.has('cache')) await benchCacheHits(kb);
  }
  if (ONLY.has('search')) await benchLargeSearch();
  if (ONLY.has('recommend')) await benchRecommend();
}

/**
 * One client sends every request, so the rate limit is off (it would measure itself); the
 * response cache is off unless asked for, so repeated queries measure the work, not the cache.
 */
function benchServer(env: Record<string, string>) {
  return spawnServer({ RATE_LIMIT_MAX: '0', RESPONSE_CACHE: 'false', SQL_STATS: 'false', ...env });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** What frontends and chatbots send most: a list, a nested read, lookups and searches. */
const MIXED_REQUESTS: { query: string; variables?: Record<string, unknown> }[] = [
  { query: '{ qualities(first: 20) { totalCount nodes { slug title category polarity } } }' },
  {
    query: `{ algorithms(first: 10) { nodes { slug title ratings { level quality { slug title }
      citations { locator reference { slug title } } } } } }`,
  },
  { query: '{ pattern(slug: "heartbeat") { title summary intent solution benefits costs } }' },
  { query: '{ entry(slug: "twitter-redesign") { title summary url references { slug title } } }' },
  ...['heartbeat', 'how do I detect a crashed service', 'random forest', 'obsever'].map((query) => ({
    query:
      'query ($q: String!) { search(query: $q, first: 10) { totalCount edges { rank highlight node { slug title } } } }',
    variables: { q: query },
  })),
];

/** Settings for the mixed run: no statement counts in responses. */
const mixedEnv = (cache: boolean): Record<string, string> => ({
  SQL_STATS: 'false',
  RESPONSE_CACHE: cache ? 'true' : 'false',
});

/** Drives `url` with the requests in turn; returns requests/s. */
async function mixedRun(
  url: string,
  label: string,
  pid: number | undefined,
  requests = MIXED_REQUESTS,
  duration = MIXED_DURATION,
): Promise<number> {
  const bodies = requests.map((request) => JSON.stringify(request));
  say(`\n${label}: ${duration} s at ${CONNECTIONS} connections…`);
  if (pid !== undefined) say(`  server memory before: ${rssMb(pid)}`);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
    connections: CONNECTIONS,
    duration,
  });
  say(
    [
      `  requests/s ${result.requests.average.toFixed(0)}`,
      `p50 ${result.latency.p50} ms`,
      `p99 ${result.latency.p99} ms`,
      `errors ${result.errors + result.non2xx}`,
    ].join(' · '),
  );
  if (pid !== undefined) say(`  server memory after: ${rssMb(pid)}`);
  return result.requests.average;
}

/** Records the server's answer to each request, failing on any error. */
async function record(
  baseUrl: string,
  requests: { query: string; variables?: Record<string, unknown> }[],
  into: Record<string, string>,
): Promise<void> {
  for (const request of requests) {
    const body = JSON.stringify(request);
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    if (!response.ok || text.includes('"errors"')) throw new Error(`request failed: ${text}`);
    into[body] = text;
  }
}

/** A bare node:http server answering each recorded body with the recorded bytes, while `fn` runs. */
async function withCeiling<T>(
  recorded: Record<string, string>,
  fn: (url: string, pid: number | undefined) => Promise<T>,
): Promise<T> {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-bench-ceiling-')),
    'responses.json',
  );
  fs.writeFileSync(file, JSON.stringify(recorded));
  const ceiling = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench', 'ceiling-server.ts'), file],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const port = await new Promise<string>((resolve, reject) => {
      ceiling.stdout.on('data', (chunk: Buffer) => {
        const match = /listening on (\d+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      ceiling.once('exit', (code) => reject(new Error(`the ceiling server exited with ${code}`)));
    });
    return await fn(`http://127.0.0.1:${port}/`, ceiling.pid);
  } finally {
    await stop(ceiling);
  }
}

/** Settles for a moment after start, then reads the resident memory. */
async function memoryAtRest(pid: number | undefined): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return rssMb(pid);
}

/** What a response-cache hit costs: the point lookup, answered from the cache, against the ceiling. */
async function benchCacheHits(kb: Record<string, string>): Promise<void> {
  const lookup = [{ query: KB_WORKLOADS[1]?.query as string }];
  const recorded: Record<string, string> = {};
  const server = await benchServer({ ...kb, ...mixedEnv(true) });
  let hits: number;
  try {
    say(`\nresponse-cache hits: server memory at rest ${await memoryAtRest(server.child.pid)}`);
    await record(server.baseUrl, lookup, recorded);
    hits = await mixedRun(
      `${server.baseUrl}/graphql`,
      'response-cache hits (point lookup)',
      server.child.pid,
      lookup,
      DURATION,
    );
  } finally {
    await stop(server.child);
  }
  const ceiling = await withCeiling(recorded, (url, pid) =>
    mixedRun(url, 'ceiling for the cache hits (bare node:http, same bytes)', pid, lookup, DURATION),
  );
  say(`  cache hits / ceiling: ${(hits / ceiling).toFixed(2)}×`);
}

async function benchMixed(kb: Record<string, string>): Promise<void> {
  const recorded: Record<string, string> = {};
  for (const cache of [false, true]) {
    const server = await benchServer({ ...kb, ...mixedEnv(cache) });
    try {
      say(
        `\nresponse cache ${cache ? 'on' : 'off'}: server memory at rest ${await memoryAtRest(server.child.pid)}`,
      );
      await record(server.baseUrl, MIXED_REQUESTS, recorded);
      // Twice on the same server: memory that levels off between the runs is bounded.
      for (const round of ['first run', 'second run']) {
        await mixedRun(
          `${server.baseUrl}/graphql`,
          `mixed workload, response cache ${cache ? 'on' : 'off'}, ${round}`,
          server.child.pid,
        );
      }
    } finally {
      await stop(server.child);
    }
  }
  await withCeiling(recorded, (url, pid) =>
    mixedRun(url, 'mixed workload, ceiling (bare node:http, same bytes)', pid),
  );
}

/** The real content plus generated entries of prose drawn from the real content's words. */
async function benchLargeSearch(): Promise<void> {
  // The real content's words, most frequent first.
  const frequency = new Map<string, number>();
  for (const { entry } of loadContent().entries) {
    for (const word of `${entry.title} ${entry.summary} ${entry.body}`.toLowerCase().match(/[a-z]{3,}/g) ??
      []) {
      frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  }
  const vocabulary = [...frequency]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([word]) => word);
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
  const workloads = [
    searchWorkload(`${GENERATED_TEXTS} more entries`),
    suggestWorkload(`${GENERATED_TEXTS} more entries`),
  ];
  const statements = await countStatements(env, workloads);
  const server = await benchServer(env);
  try {
    say(`  server memory after start: ${rssMb(server.child.pid)}`);
    for (const workload of workloads) {
      await run(server.baseUrl, workload, server.child.pid, statements.get(workload));
    }
    say(`  server memory after the run: ${rssMb(server.child.pid)}`);
  } finally {
    await stop(server.child);
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
  const statements = await countStatements(generated, [RECOMMEND]);
  const server = await benchServer(generated);
  try {
    say(`  server memory after start: ${rssMb(server.child.pid)}`);
    await run(server.baseUrl, RECOMMEND, server.child.pid, statements.get(RECOMMEND));
    say(`  server memory after the run: ${rssMb(server.child.pid)}`);
  } finally {
    await stop(server.child);
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
