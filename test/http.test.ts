// HTTP: GraphQL over HTTP (media types, methods, status codes, GET without CSRF headers, Vary: Accept), security
// headers, the CORS allowlist, the body size limit and the request id.
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
let production: TestServer;

beforeAll(async () => {
  [server, production] = await Promise.all([
    startTestServer(),
    startTestServer({
      env: {
        NODE_ENV: 'production',
        CORS_ORIGINS: 'https://app.example.org, https://course.example.edu',
        BODY_LIMIT: '1kb',
      },
    }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), production?.stop()]));

const QUERY = '{ entry(slug: "heartbeat") { slug } }';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

function graphql(target: TestServer, init: RequestInit & { search?: string } = {}) {
  return fetch(`${target.baseUrl}/graphql${init.search ?? ''}`, init);
}

function postJson(target: TestServer, body: unknown, headers: Record<string, string> = {}) {
  return graphql(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response) {
  const body = (await response.json()) as {
    data?: unknown;
    errors: { message: string; extensions: { code: string } }[];
  };
  expect(body.data).toBeUndefined();
  return body.errors[0];
}

describe('GraphQL over HTTP', () => {
  test('a client that accepts application/graphql-response+json gets it', async () => {
    const response = await postJson(
      server,
      { query: QUERY },
      { accept: `${GRAPHQL_RESPONSE}, application/json;q=0.9` },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
    expect(await response.json()).toMatchObject({ data: { entry: { slug: 'heartbeat' } } });
    const legacy = await postJson(server, { query: QUERY });
    expect(legacy.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  test.each([
    ['an unparsable document', '{ entry(slug: "heartbeat") { slug ', 'GRAPHQL_PARSE_FAILED'],
    ['an invalid document', '{ entry(slug: "heartbeat") { nonsense } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a missing query', undefined, 'BAD_REQUEST'],
  ])('%s is a 400 in either media type', async (_name, query, code) => {
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const response = await postJson(server, { query }, { accept });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
      expect((await errorOf(response))?.extensions.code).toBe(code);
    }
  });

  test('a method other than GET and POST is a 405 naming the allowed ones', async () => {
    const response = await graphql(server, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  test.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ])('a POST of %s is a 415 (which also stops simple cross-site requests)', async (contentType) => {
    const response = await graphql(server, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(415);
    const error = await errorOf(response);
    expect(error?.message).toBe(
      `A GraphQL POST must have content-type application/json; got ${contentType}.`,
    );
    expect(error?.extensions.code).toBe('BAD_REQUEST');
  });

  test('malformed JSON is a 400 in JSON', async () => {
    const response = await postJson(server, '{"query": ');
    expect(response.status).toBe(400);
    expect((await errorOf(response))?.extensions.code).toBe('BAD_REQUEST');
  });

  test('a plain query over GET works without extra headers (CSRF prevention is off) and varies by Accept', async () => {
    const search = `?query=${encodeURIComponent(QUERY)}`;
    const plain = await graphql(server, { search });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toMatchObject({ data: { entry: { slug: 'heartbeat' } } });
    expect(plain.headers.get('vary') ?? '').toMatch(/\baccept\b/i);
    const posted = await postJson(server, { query: QUERY });
    expect(posted.headers.get('vary') ?? '').toMatch(/\baccept\b/i);
  });

  test('a mutation over GET is a 405 (only POST may change anything)', async () => {
    const response = await graphql(server, {
      search: `?query=${encodeURIComponent('mutation { __typename }')}`,
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await errorOf(response))?.message).toBe(
      'GET requests only support query operations, not mutation operations',
    );
  });
});

describe('request bodies', () => {
  test('a body over BODY_LIMIT is a 413 naming the limit', async () => {
    const response = await postJson(production, { query: `{ entry(slug: "${'x'.repeat(2000)}") { slug } }` });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toEqual({
      message: 'The request body is larger than the limit of 1kb (BODY_LIMIT).',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect((await postJson(production, { query: QUERY })).status).toBe(200);
  });

  test('the default limit (100kb) takes a large query but not a huge one', async () => {
    const padding = ' '.repeat(90_000);
    expect((await postJson(server, { query: `${QUERY}${padding}` })).status).toBe(200);
    expect((await postJson(server, { query: `${QUERY}${padding}${padding}` })).status).toBe(413);
  });
});

describe('security headers', () => {
  test('every response carries helmet headers and no x-powered-by', async () => {
    for (const path of ['/graphql', '/healthz', '/kb/heartbeat']) {
      const response =
        path === '/graphql'
          ? await postJson(server, { query: QUERY })
          : await fetch(`${server.baseUrl}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  test('in development a browser gets Apollo Sandbox, whose page is exempt from the CSP', async () => {
    const response = await graphql(server, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('embeddable-sandbox');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('in production there is no landing page and the CSP applies', async () => {
    const response = await graphql(production, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).not.toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('CORS', () => {
  test('by default any origin may read (no credentials), and preflights allow the API headers', async () => {
    const response = await postJson(server, { query: QUERY }, { origin: 'https://anywhere.example' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-expose-headers')).toContain('ratelimit');

    const preflight = await graphql(server, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://anywhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apollo-require-preflight');
  });

  test('with CORS_ORIGINS, only listed origins are allowed', async () => {
    const allowed = await postJson(production, { query: QUERY }, { origin: 'https://course.example.edu' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://course.example.edu');
    expect(allowed.headers.get('vary')).toContain('Origin');
    const other = await postJson(production, { query: QUERY }, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('CORS_ORIGINS=none allows no other origin; an invalid origin stops the server', async () => {
    const sameOrigin = await startTestServer({ env: { CORS_ORIGINS: 'none' } });
    try {
      const response = await postJson(sameOrigin, { query: QUERY }, { origin: 'https://app.example.org' });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await sameOrigin.stop();
    }
    await expect(startTestServer({ env: { CORS_ORIGINS: 'app.example.org' } })).rejects.toThrow(
      /CORS_ORIGINS/,
    );
  });
});

test('x-request-id: a plain client id is echoed, anything else is replaced by a fresh one', async () => {
  const echoed = await postJson(server, { query: QUERY }, { 'x-request-id': 'client-req.42' });
  expect(echoed.headers.get('x-request-id')).toBe('client-req.42');
  const replaced = await postJson(server, { query: QUERY }, { 'x-request-id': 'bad id\twith spaces' });
  expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});
