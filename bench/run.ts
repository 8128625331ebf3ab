// `npm run bench`: starts the built server on fresh embedded databases (or on DATABASE_URL when
// set) and drives it with autocannon:
//   1. the seeded knowledge base: a nested list query and a point lookup (BENCH_CONNECTIONS);
//   2. a generated knowledge base of 10,000 algorithms × 30 qualities: recommendAlgorithms with
//      5 constraints and 5 weights at concurrency 1, with the server's memory before and after.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { writeGeneratedContent } from '../seed/generate';
import { spawnServer } from '../test/support/spawn';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const GENERATED_ALGORITHMS = Number(process.env.BENCH_ALGORITHMS ?? 10_000);
const GENERATED_QUALITIES = 30;

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Workload {
  name: string;
  query: string;
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
  const body = JSON.stringify({ query: workload.query });
  const send = () =>
    fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  // Warm up first (the first request may load caches); count the statements of a warm request.
  await send();
  const probe = (await (await send()).json()) as {
    errors?: unknown;
    extensions?: { sqlStatements?: number };
  };
  if (probe.errors) throw new Error(`${workload.name} failed: ${JSON.stringify(probe.errors)}`);

  say(`\n${workload.name}: ${DURATION} s at ${workload.connections} connection(s)…`);
  const result = await autocannon({
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
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
  const kb = databaseEnv('kb');
  say(`Preparing the knowledge base (${'DATA_DIR' in kb ? 'embedded PGlite' : 'PostgreSQL'})…`);
  cli(['migrate'], kb);
  cli(['seed'], kb);
  // One client sends every request: the rate limit would measure itself, so it is off.
  let server = await spawnServer({ ...kb, RATE_LIMIT_MAX: '0' });
  try {
    for (const workload of KB_WORKLOADS) await run(server.baseUrl, workload);
  } finally {
    server.child.kill('SIGTERM');
  }

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
  server = await spawnServer({ ...generated, RATE_LIMIT_MAX: '0' });
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
