// `npm run bench`: starts the built server on fresh embedded databases (or on DATABASE_URL when
// set) and drives it with autocannon:
//   1. the seeded knowledge base: a nested list query and a point lookup (BENCH_CONNECTIONS);
//   2. a generated knowledge base of 10,000 algorithms × 30 qualities: recommendAlgorithms with
//      5 constraints and 5 weights at concurrency 1, with the server's memory before and after.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { writeGeneratedContent } from '../seed/generate';

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

async function startServer(env: Record<string, string>): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', SQL_STATS: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving at (http:\/\/\S+)\/graphql/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { baseUrl, child };
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
  let server = await startServer(kb);
  try {
    for (const workload of KB_WORKLOADS) await run(server.baseUrl, workload);
  } finally {
    server.child.kill('SIGTERM');
  }

  if (process.env.DATABASE_URL) {
    say('\nSkipping the generated knowledge base: it would be written into DATABASE_URL.');
    return;
  }
  const generated = databaseEnv('generated');
  const content = writeGeneratedContent(fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-bench-content-')), {
    algorithms: GENERATED_ALGORITHMS,
    qualities: GENERATED_QUALITIES,
  });
  say(
    `\nPreparing a generated knowledge base of ${GENERATED_ALGORITHMS} algorithms × ${GENERATED_QUALITIES} qualities…`,
  );
  cli(['migrate'], generated);
  cli(['seed', '--dir', content], generated);
  server = await startServer(generated);
  try {
    say(`  server memory after start: ${rssMb(server.child.pid)}`);
    await run(server.baseUrl, RECOMMEND);
    say(`  server memory after the run: ${rssMb(server.child.pid)}`);
  } finally {
    server.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
