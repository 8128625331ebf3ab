// `npm run bench`: starts the built server on a fresh embedded database loaded with the knowledge
// base (or on DATABASE_URL when set) and drives it with autocannon.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const say = (line: string) => process.stdout.write(`${line}\n`);

const WORKLOADS = [
  {
    name: 'nested list: algorithms → ratings → quality → citations → reference',
    query: `{ algorithms(first: 50) { totalCount nodes { slug title family tasks
      ratings { level rationale quality { slug title polarity }
        citations { locator reference { slug title authors year } } } } } }`,
  },
  {
    name: 'point lookup: algorithm(slug) with its ratings',
    query: `{ algorithm(slug: "random-forest") { slug title summary advantages drawbacks
      ratings { level quality { slug } } } }`,
  },
];

function databaseEnv(): Record<string, string> {
  if (process.env.DATABASE_URL) return { DATABASE_URL: process.env.DATABASE_URL };
  return { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-bench-')) };
}

function cli(args: string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`design-kb ${args.join(' ')} failed; see the output above.`);
}

async function main(): Promise<void> {
  const env = databaseEnv();
  say(`Preparing the database (${'DATA_DIR' in env ? 'embedded PGlite' : 'PostgreSQL'})…`);
  cli(['migrate'], env);
  cli(['seed'], env);

  say('Starting the server…');
  const server = spawn(process.execPath, [CLI, 'serve'], {
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
    server.stderr.on('data', onData);
    server.stdout.on('data', onData);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });

  try {
    for (const workload of WORKLOADS) {
      const body = JSON.stringify({ query: workload.query });
      const probe = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await probe.json()) as { errors?: unknown; extensions?: { sqlStatements?: number } };
      if (json.errors) throw new Error(`${workload.name} failed: ${JSON.stringify(json.errors)}`);

      say(`\n${workload.name}: ${DURATION} s at ${CONNECTIONS} connections…`);
      const result = await autocannon({
        url: `${baseUrl}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: CONNECTIONS,
        duration: DURATION,
      });
      say(
        [
          `  requests/s ${result.requests.average.toFixed(0)}`,
          `p50 ${result.latency.p50} ms`,
          `p99 ${result.latency.p99} ms`,
          `SQL statements/request ${json.extensions?.sqlStatements ?? 'n/a'}`,
          `errors ${result.errors + result.non2xx}`,
        ].join(' · '),
      );
    }
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
