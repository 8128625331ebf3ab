// Rate limiting per client: an API key's own budget, else the client address; standard headers;
// a GraphQL-shaped RATE_LIMITED error with Retry-After; probes exempt; X-Forwarded-For believed
// only behind TRUST_PROXY; in Redis, two instances share one budget and never store a raw key.
import { randomBytes } from 'node:crypto';
import { dropKeys, REDIS_URL, redisKeys, redisValues, uniquePrefix } from './support/redis';
import { startedForThisFile, startTestServer, type TestServer } from './support/server';

const LIMIT = 3;
const QUERY = JSON.stringify({ query: '{ entry(slug: "heartbeat") { slug } }' });
const started = startedForThisFile();
const start = (env: Record<string, string>) =>
  started({
    env: { RATE_LIMIT_MAX: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60', LOG_LEVEL: 'info', ...env },
  });

function post(server: TestServer, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: QUERY,
  });
}

/** Sends `n` requests one after the other and returns their statuses. */
async function statuses(n: number, send: () => Promise<Response>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < n; i += 1) result.push((await send()).status);
  return result;
}

describe('in memory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start({});
  });

  test('each response carries the policy and what remains; past the limit, 429 with Retry-After and RATE_LIMITED', async () => {
    const key = { 'x-api-key': `headers-${randomBytes(4).toString('hex')}` };
    const first = await post(server, key);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toMatch(/^"3-in-1min"; q=3; w=60; pk=:[\w+/=]+:$/);
    expect(first.headers.get('ratelimit')).toMatch(/^"3-in-1min"; r=2; t=\d+$/);
    expect((await post(server, key)).headers.get('ratelimit')).toMatch(/; r=1; /);
    expect((await post(server, key)).headers.get('ratelimit')).toMatch(/; r=0; /);

    const limited = await post(server, key);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await limited.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            /^Too many requests: at most 3 per 60 s per client .*Retry after \d+ s\.$/,
          ),
          extensions: { code: 'RATE_LIMITED', retryAfter },
        },
      ],
    });
  });

  test('an API key has its own budget, apart from other keys', async () => {
    const a = { 'x-api-key': `a-${randomBytes(4).toString('hex')}` };
    const b = { 'x-api-key': `b-${randomBytes(4).toString('hex')}` };
    expect(await statuses(LIMIT + 1, () => post(server, a))).toEqual([200, 200, 200, 429]);
    expect(await statuses(LIMIT + 1, () => post(server, b))).toEqual([200, 200, 200, 429]);
  });

  test('the key is never logged', async () => {
    const secret = `secret-${randomBytes(8).toString('hex')}`;
    await statuses(LIMIT + 1, () => post(server, { 'x-api-key': secret }));
    expect(server.output()).not.toContain(secret);
  });

  test('/healthz and /readyz are never limited', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const codes = await statuses(LIMIT + 2, () => fetch(`${server.baseUrl}${path}`));
      expect(codes.every((code) => code === 200)).toBe(true);
    }
  });

  test('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick a fresh address', async () => {
    const spoofed = await statuses(LIMIT + 3, () =>
      post(server, { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` }),
    );
    expect(spoofed).toContain(429);
  });
});

test('behind TRUST_PROXY=1, the address the proxy appends to X-Forwarded-For is the client', async () => {
  const server = await start({ TRUST_PROXY: '1' });
  const from = (ip: string) => () => post(server, { 'x-forwarded-for': ip });
  expect(await statuses(LIMIT + 1, from('198.51.100.7'))).toEqual([200, 200, 200, 429]);
  expect(await statuses(1, from('198.51.100.8'))).toEqual([200]);
  // An API key has its own budget, whatever the address has spent.
  const withKey = () => post(server, { 'x-forwarded-for': '198.51.100.7', 'x-api-key': 'proxy-test' });
  expect(await statuses(1, withKey)).toEqual([200]);
  // A client-supplied first hop does not matter: only the last (the proxy's) is believed.
  expect(await statuses(1, from('10.9.9.9, 198.51.100.7'))).toEqual([429]);
});

test('TRUST_PROXY=true is refused: it would let any client choose its own address', async () => {
  await expect(startTestServer({ env: { TRUST_PROXY: 'true' } })).rejects.toThrow(
    /TRUST_PROXY: trusting every proxy/,
  );
});

test('RATE_LIMIT_MAX=0 turns rate limiting off', async () => {
  const server = await start({ RATE_LIMIT_MAX: '0' });
  const response = await post(server);
  expect(response.headers.get('ratelimit')).toBeNull();
  expect(await statuses(LIMIT + 2, () => post(server))).toEqual(Array(LIMIT + 2).fill(200));
});

describe('in Redis', () => {
  const prefix = uniquePrefix('rate-limit');
  afterAll(() => dropKeys(prefix));

  test('two instances share one budget per client, and Redis holds only a hash of the key', async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix };
    const [one, two] = await Promise.all([start(env), start(env)]);
    const secret = `shared-${randomBytes(8).toString('hex')}`;
    const key = { 'x-api-key': secret };
    const codes = [
      (await post(one, key)).status,
      (await post(two, key)).status,
      (await post(one, key)).status,
      (await post(two, key)).status,
    ];
    expect(codes).toEqual([200, 200, 200, 429]);
    expect((await post(one, key)).status).toBe(429);

    const keys = await redisKeys(`${prefix}rate:`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(secret);
    expect((await redisValues(keys)).join(' ')).not.toContain(secret);
    for (const server of [one, two]) expect(server.output()).not.toContain(secret);
  });
});
