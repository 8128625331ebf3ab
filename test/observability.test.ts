// The request log (one JSON line per request) and the Prometheus metrics at /metrics.
import { serverUrl } from './support/databases';
import { poll } from './support/poll';
import { startTestServer, type TestServer } from './support/server';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format into samples. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match?.[1] || match[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] as string] = pair[2] as string;
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; undefined when absent. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(`${server.baseUrl}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

function post(server: TestServer, body: unknown, requestId: string): Promise<Response> {
  return fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
  });
}

describe('request log and metrics', () => {
  let server: TestServer;

  beforeAll(async () => {
    // No response cache here: its counters are tested on their own below.
    server = await startTestServer({
      env: { LOG_LEVEL: 'info', METRICS_MAX_OPERATIONS: '3', RESPONSE_CACHE: 'false' },
    });
    // One of each kind of outcome, each with its own request id.
    await post(
      server,
      { query: 'query AlgorithmTitles { algorithms(first: 2) { nodes { title } } }' },
      'obs-ok-1',
    );
    await post(
      server,
      { query: 'query AlgorithmTitles { algorithms(first: 2) { nodes { title } } }' },
      'obs-ok-2',
    );
    await post(server, { query: '{ quality(slug: "accuracy") { slug } }' }, 'obs-anonymous');
    await post(
      server,
      {
        query:
          '{ algorithms(where: { satisfies: [{ quality: "speediness", atLeast: HIGH }] }) { totalCount } }',
      },
      'obs-bad-input',
    );
    await post(server, { query: 'query Broken { entry(slug: "accuracy") { nope } }' }, 'obs-invalid');
    await post(server, { query: 'query Second { entry(slug: "accuracy") { slug } }' }, 'obs-second');
    await post(server, { query: 'query Third { entry(slug: "accuracy") { slug } }' }, 'obs-third');
    await post(server, { query: 'query Fourth { entry(slug: "accuracy") { slug } }' }, 'obs-fourth');
    await fetch(`${server.baseUrl}/kb/no-such-entry`, { headers: { 'x-request-id': 'obs-permalink' } });
  });
  afterAll(() => server?.stop());

  /** The request log line of one request (written once its response is done: wait for it). */
  async function logLine(requestId: string): Promise<Record<string, unknown>> {
    const find = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request completed' && line.requestId === requestId);
    const lines = await poll(find, (found) => found.length > 0, { timeoutMs: 1000 });
    expect(lines).toHaveLength(1);
    return lines[0] as Record<string, unknown>;
  }

  test('one JSON line per request: id, method, path, operation, status, outcome, code, duration', async () => {
    const ok = await logLine('obs-ok-1');
    expect(ok).toEqual({
      level: 30,
      time: expect.any(Number),
      service: 'design-kb',
      requestId: 'obs-ok-1',
      method: 'POST',
      path: '/graphql',
      operation: 'AlgorithmTitles',
      status: 200,
      outcome: 'ok',
      durationMs: expect.any(Number),
      msg: 'request completed',
    });
    expect(ok.durationMs).toBeGreaterThan(0);

    expect(await logLine('obs-anonymous')).toMatchObject({ operation: null, outcome: 'ok' });
    expect(await logLine('obs-bad-input')).toMatchObject({
      status: 200,
      outcome: 'client_error',
      code: 'BAD_USER_INPUT',
    });
    // A document that does not validate has no resolved operation; the log keeps the name asked for.
    expect(await logLine('obs-invalid')).toMatchObject({
      operation: 'Broken',
      status: 400,
      outcome: 'client_error',
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    const permalink = await logLine('obs-permalink');
    expect(permalink).toMatchObject({
      method: 'GET',
      path: '/kb/no-such-entry',
      status: 404,
      outcome: 'client_error',
      code: 'NOT_FOUND',
    });
    expect(permalink).not.toHaveProperty('operation');
  });

  test('/metrics counts requests by route, operation, outcome and code, with latency histograms', async () => {
    const samples = await scrape(server);
    const requests = (labels: Record<string, string>) =>
      valueOf(samples, 'designkb_http_requests_total', labels);
    expect(requests({ route: '/graphql', operation: 'AlgorithmTitles', outcome: 'ok', code: '' })).toBe(2);
    expect(requests({ route: '/graphql', operation: 'anonymous', outcome: 'ok' })).toBe(1);
    expect(
      requests({
        route: '/graphql',
        operation: 'anonymous',
        outcome: 'client_error',
        code: 'BAD_USER_INPUT',
      }),
    ).toBe(1);
    expect(
      requests({
        route: '/graphql',
        operation: 'unknown',
        outcome: 'client_error',
        code: 'GRAPHQL_VALIDATION_FAILED',
      }),
    ).toBe(1);
    expect(requests({ route: '/kb/:slug', operation: '', outcome: 'client_error', code: 'NOT_FOUND' })).toBe(
      1,
    );

    // METRICS_MAX_OPERATIONS=3: AlgorithmTitles, Second and Third keep their names; Fourth is "other".
    expect(requests({ route: '/graphql', operation: 'Second' })).toBe(1);
    expect(requests({ route: '/graphql', operation: 'Third' })).toBe(1);
    expect(requests({ route: '/graphql', operation: 'other' })).toBe(1);
    expect(samples.some((s) => s.labels.operation === 'Fourth')).toBe(false);

    // The histogram: cumulative buckets ending in +Inf, which equals the count.
    const histogram = { route: '/graphql', operation: 'AlgorithmTitles', outcome: 'ok' };
    const buckets = samples.filter(
      (s) =>
        s.name === 'designkb_http_request_duration_seconds_bucket' &&
        Object.entries(histogram).every(([key, value]) => s.labels[key] === value),
    );
    expect(buckets.map((b) => b.labels.le)).toEqual([
      '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '+Inf',
    ]); // prettier-ignore
    const counts = buckets.map((b) => b.value);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(counts.at(-1)).toBe(2);
    expect(valueOf(samples, 'designkb_http_request_duration_seconds_count', histogram)).toBe(2);
    expect(valueOf(samples, 'designkb_http_request_duration_seconds_sum', histogram)).toBeGreaterThan(0);

    // Process metrics, the cache and rate-limit counters, requests in flight (this scrape).
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'designkb_response_cache_hits_total', { layer: 'process' })).toBe(0);
    expect(valueOf(samples, 'designkb_response_cache_hits_total', { layer: 'store' })).toBe(0);
    expect(valueOf(samples, 'designkb_response_cache_misses_total')).toBe(0);
    expect(valueOf(samples, 'designkb_rate_limited_total')).toBe(0);
    expect(valueOf(samples, 'designkb_http_requests_in_flight')).toBe(1);

    // The database pool on PostgreSQL; the embedded database has none.
    if (serverUrl) {
      expect(valueOf(samples, 'designkb_db_pool_max_connections')).toBe(10);
      expect(valueOf(samples, 'designkb_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'designkb_db_pool_idle_connections')).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'designkb_db_pool_waiting_requests')).toBe(0);
    } else {
      expect(samples.some((s) => s.name.startsWith('designkb_db_pool_'))).toBe(false);
    }
  });

  test('the scrape itself is counted by the next one', async () => {
    const before = valueOf(await scrape(server), 'designkb_http_requests_total', { route: '/metrics' }) ?? 0;
    const after = valueOf(await scrape(server), 'designkb_http_requests_total', { route: '/metrics' });
    expect(after).toBe(before + 1);
  });
});

describe('METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN: token } });
  });
  afterAll(() => server?.stop());

  test.each([
    ['no credentials', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-000000' }],
    ['another scheme', { authorization: `Basic ${token}` }],
  ])('%s: 401 UNAUTHENTICATED', async (_case, headers: Record<string, string>) => {
    const response = await fetch(`${server.baseUrl}/metrics`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  test('the bearer token: the metrics', async () => {
    const samples = await scrape(server, { authorization: `Bearer ${token}` });
    expect(
      valueOf(samples, 'designkb_http_requests_total', { route: '/metrics', outcome: 'client_error' }),
    ).toBe(3);
  });
});

describe('cache and rate-limit counters', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_SECONDS: '300' } });
  });
  afterAll(() => server?.stop());

  test('count response-cache misses and hits and rate-limit refusals as they happen', async () => {
    const query = { query: '{ pattern(slug: "observer") { title } }' };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await post(server, query, `obs-counters-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const samples = await scrape(server);
    expect(valueOf(samples, 'designkb_response_cache_misses_total')).toBe(1);
    // The first answer is kept by the process: the repeats never reach the response cache.
    expect(valueOf(samples, 'designkb_response_cache_hits_total', { layer: 'process' })).toBe(4);
    expect(valueOf(samples, 'designkb_response_cache_hits_total', { layer: 'store' })).toBe(0);
    expect(valueOf(samples, 'designkb_rate_limited_total')).toBe(2);
  });
});
