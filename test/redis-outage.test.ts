// A Redis that goes away while the API serves: requests keep being answered (the response cache
// misses, rate limits are not counted) without waiting for Redis, and once Redis is back the API
// uses it again by itself. The test runs its own redis-server on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { poll } from './support/poll';
import { untilCached } from './support/redis';
import { startTestServer, type TestServer } from './support/server';

let redis: ChildProcess | undefined;
let server: TestServer;
let port: number;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

async function startRedis(): Promise<void> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  redis = child;
}

async function stopRedis(): Promise<void> {
  const child = redis;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  server = await startTestServer({
    env: { REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'silent' },
  });
});
afterAll(async () => {
  await server?.stop();
  await stopRedis();
});

async function query(slug: string) {
  const started = Date.now();
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($slug: String!) { entry(slug: $slug) { slug } }',
      variables: { slug },
    }),
  });
  const body = (await response.json()) as { data?: { entry: { slug: string } } };
  return { response, body, ms: Date.now() - started };
}

test('without Redis the API answers at once, uncounted, from memory or afresh; with Redis back it caches and counts again', async () => {
  const first = await query('observer');
  expect(first.response.headers.get('ratelimit')).toMatch(/r=999;/);
  // The answer is written to Redis just after it is sent.
  const cached = await untilCached(
    () => query('observer'),
    (r) => r.response.headers.get('age'),
  );
  expect(cached.at(-1)?.response.headers.get('age')).not.toBeNull();
  expect(cached.map((r) => r.body.data)).toEqual(cached.map(() => ({ entry: { slug: 'observer' } })));

  await stopRedis();
  for (const slug of ['bulkhead', 'sharding', 'rollback']) {
    const { response, body, ms } = await query(slug);
    expect(response.status).toBe(200);
    expect(body.data).toEqual({ entry: { slug } });
    // A read not asked before misses the response cache: answered afresh.
    expect(response.headers.get('age')).toBeNull();
    expect(response.headers.get('ratelimit')).toBeNull();
    expect(ms).toBeLessThan(2000);
  }
  // What this process already answered it still answers from memory, Redis or not.
  const kept = await query('observer');
  expect(kept.body.data).toEqual({ entry: { slug: 'observer' } });
  expect(kept.response.headers.get('age')).not.toBeNull();

  await startRedis();
  // The client reconnects with backoff (at most 5 s between attempts).
  const counted = await poll(
    () => query('heartbeat'),
    ({ response }) => response.headers.get('ratelimit') !== null,
    { timeoutMs: 10_000, intervalMs: 250 },
  );
  expect(counted.response.headers.get('ratelimit')).not.toBeNull();
  await query('feature-store');
  const again = await untilCached(
    () => query('feature-store'),
    (r) => r.response.headers.get('age'),
  );
  expect(again.at(-1)?.response.headers.get('age')).not.toBeNull();
});
