// Two API processes against one PostgreSQL database and one Redis, as behind a load balancer:
// they share the response cache and each client's rate-limit budget, and a content change
// committed through one is what both answer on the next request.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { generateEntries } from '../seed/generate';
import { runCliOk } from './support/databases';
import { dropKeys, REDIS_URL, uniquePrefix, untilKeys } from './support/redis';
import { startTestServer, type TestServer } from './support/server';

const ADMIN_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.PG_ADMIN_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE = `designkb_two_${randomBytes(4).toString('hex')}`;
const PREFIX = uniquePrefix('two-instances');
const BUDGET = 8;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function content(summary: string): string {
  const entries = generateEntries({ algorithms: 2, qualities: 2, prefix: 'two' }).map((entry) =>
    entry.slug === 'two-algorithm-0' ? { ...entry, summary } : entry,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-two-'));
  fs.writeFileSync(path.join(dir, 'content.yaml'), stringify({ entries }, { aliasDuplicateObjects: false }));
  return dir;
}

const url = new URL(ADMIN_URL);
url.pathname = `/${DATABASE}`;
const database = { DATABASE_URL: url.toString() };
let one: TestServer;
let two: TestServer;

beforeAll(async () => {
  await admin(`CREATE DATABASE ${DATABASE}`);
  runCliOk(['migrate'], database);
  runCliOk(['seed', '--dir', content('Before the change.')], database);
  const env = {
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    CACHE_MAX_AGE: '300',
    RATE_LIMIT_MAX: String(BUDGET),
    RATE_LIMIT_WINDOW_SECONDS: '300',
  };
  [one, two] = await Promise.all([startTestServer({ database, env }), startTestServer({ database, env })]);
});

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await dropKeys(PREFIX);
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
});

async function ask(server: TestServer, apiKey: string) {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query: '{ entry(slug: "two-algorithm-0") { summary } }' }),
  });
  const body = (await response.json()) as {
    data?: { entry: { summary: string } };
    errors?: { extensions?: { code?: string } }[];
  };
  return { status: response.status, age: response.headers.get('age'), body };
}

test('a response one instance cached is served by the other, until a content change makes both answer afresh', async () => {
  const first = await ask(one, 'cache-client');
  expect(first.body.data?.entry.summary).toBe('Before the change.');
  expect(first.age).toBeNull();
  // `one` writes its answer to Redis just after sending it; once there, `two` answers from it.
  expect(await untilKeys(`${PREFIX}cache:fqc:`, 1)).toHaveLength(1);
  const fromCache = await ask(two, 'cache-client');
  expect(fromCache.body.data?.entry.summary).toBe('Before the change.');
  expect(fromCache.age).not.toBeNull();

  // Content changes are committed through the CLI (the only writer) while both instances serve.
  runCliOk(['seed', '--dir', content('After the change.')], database);
  const afterOnTwo = await ask(two, 'cache-client');
  expect(afterOnTwo.body.data?.entry.summary).toBe('After the change.');
  expect(afterOnTwo.age).toBeNull();
  // The new answer is stored under the new revision, beside the old one, and `one` serves it.
  expect(await untilKeys(`${PREFIX}cache:fqc:`, 2)).toHaveLength(2);
  const afterOnOne = await ask(one, 'cache-client');
  expect(afterOnOne.body.data?.entry.summary).toBe('After the change.');
  expect(afterOnOne.age).not.toBeNull();
});

test('a client has one rate-limit budget across both instances', async () => {
  const client = `budget-${randomBytes(6).toString('hex')}`;
  const statuses: number[] = [];
  for (let i = 0; i < BUDGET + 2; i++) statuses.push((await ask(i % 2 === 0 ? one : two, client)).status);
  expect(statuses).toEqual([...Array<number>(BUDGET).fill(200), 429, 429]);
  const refused = await ask(one, client);
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  // Another client still has its own budget on either instance.
  expect((await ask(two, `other-${client}`)).status).toBe(200);
});
