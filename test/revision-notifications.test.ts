// The content revision by notification: a server learns every committed revision from the
// database (LISTEN/NOTIFY) instead of reading it for each request, and keeps the response cache's
// promise: once a content change has committed, no response cached before it is served. When the
// notification channel is down, the server reads the revision per request until it is back.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { generateEntries } from '../seed/generate';
import { CLI, createDatabase, postgresAdminUrl, ROOT, runCliOk, serverUrl } from './support/databases';
import { poll } from './support/poll';
import { startTestServer, type TestServer } from './support/server';

const DATABASE = `designkb_revision_${randomBytes(4).toString('hex')}`;
const url = new URL(postgresAdminUrl);
url.pathname = `/${DATABASE}`;
const database = { DATABASE_URL: url.toString() };
const SLUG = 'rn-algorithm-0';
const ENTRY = `{ entry(slug: "${SLUG}") { summary } }`;

async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  connection: string,
  text: string,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

function content(summary: string): string {
  const entries = generateEntries({ algorithms: 2, qualities: 2, prefix: 'rn' }).map((entry) =>
    entry.slug === SLUG ? { ...entry, summary } : entry,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-revision-'));
  fs.writeFileSync(path.join(dir, 'content.yaml'), stringify({ entries }, { aliasDuplicateObjects: false }));
  return dir;
}

/** `design-kb seed` in a child process, without blocking this one: readers go on meanwhile. */
function seedAsync(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'seed', '--dir', dir], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: undefined, ...database, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`))));
  });
}

interface Read {
  sentAt: number;
  summary: string | null;
  cached: boolean;
  statements: number | null;
}

/** What test/support/in-process-seed.mjs prints. */
interface InProcessResult {
  reads: Read[];
  commits: number[];
  hitStatements: number | null;
}

const versionOf = (r: Read) => Number(/Version (\d+)/.exec(r.summary ?? '')?.[1]);

/** Reads sent after the n-th commit had been observed that show an older version than n. */
function staleReads(reads: Read[], commits: number[]): Read[] {
  return reads.filter((r) => versionOf(r) < commits.filter((at) => at < r.sentAt).length);
}

async function read(server: TestServer): Promise<Read> {
  const sentAt = performance.now();
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: ENTRY }),
  });
  const body = (await response.json()) as {
    data?: { entry: { summary: string } | null };
    extensions?: { sqlStatements?: number };
  };
  return {
    sentAt,
    summary: body.data?.entry?.summary ?? null,
    cached: response.headers.get('age') !== null,
    statements: body.extensions?.sqlStatements ?? null,
  };
}

const liveCount = (server: TestServer) =>
  server.output().split('content revision notifications are live').length - 1;

/** A cache hit that costs no statement: the revision came from the channel. */
const untilHitsAreFree = (server: TestServer) =>
  poll(
    () => read(server),
    (r) => r.cached && r.statements === 0,
  );

describe('on PostgreSQL, seeded by another process', () => {
  let server: TestServer;

  beforeAll(async () => {
    await sql(postgresAdminUrl, `CREATE DATABASE ${DATABASE}`);
    runCliOk(['migrate'], database);
    runCliOk(['seed', '--dir', content('Version 0.')], database);
    server = await startTestServer({
      database,
      env: { CACHE_MAX_AGE: '300', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0' },
    });
    await poll(
      () => liveCount(server),
      (n) => n >= 1,
    );
  });

  afterAll(async () => {
    await server.stop();
    await sql(postgresAdminUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  });

  test('a cache hit costs no statement of its own while notifications are live', async () => {
    expect(liveCount(server)).toBe(1);
    const hit = await untilHitsAreFree(server);
    expect(hit).toMatchObject({ summary: 'Version 0.', cached: true, statements: 0 });
  });

  test('content seeded while clients read: every read sent after a seed has committed sees it', async () => {
    const reads: Read[] = [];
    const commits: number[] = [];
    let reading = true;
    const reader = async () => {
      while (reading) reads.push(await read(server));
    };
    const readers = Array.from({ length: 4 }, reader);
    for (const version of [1, 2, 3]) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await seedAsync(content(`Version ${version}.`));
      commits.push(performance.now());
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    reading = false;
    await Promise.all(readers);

    expect(reads.every((r) => r.summary?.startsWith('Version '))).toBe(true);
    expect(staleReads(reads, commits)).toEqual([]);
    // Reads went on throughout, mostly from the cache; the last version was read after its commit.
    for (const at of commits) expect(reads.some((r) => r.sentAt > at)).toBe(true);
    expect(reads.filter((r) => r.cached).length).toBeGreaterThan(reads.length / 2);
    expect(reads.filter((r) => r.sentAt > (commits[2] ?? 0)).every((r) => r.summary === 'Version 3.')).toBe(
      true,
    );
  });

  test('a change committed on another connection is served by the very next read, every time', async () => {
    // Each read races a notification that PostgreSQL delivers after acknowledging the commit; the
    // answer cached before the commit must lose that race every time.
    const writer = new pg.Client({ connectionString: database.DATABASE_URL });
    await writer.connect();
    try {
      const served: Array<string | null> = [];
      const expected: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        expect((await read(server)).cached).toBe(true);
        const summary = `Committed change ${i}.`;
        await writer.query(
          `BEGIN;
           UPDATE entry SET summary = '${summary}' WHERE slug = '${SLUG}';
           UPDATE kb_state SET revision = revision + 1 WHERE id = 1;
           COMMIT;`,
        );
        served.push((await read(server)).summary);
        expected.push(summary);
      }
      expect(served).toEqual(expected);
    } finally {
      await writer.end();
    }
  });

  test('when the channel is lost, a change committed meanwhile is served, and notifications resume', async () => {
    await untilHitsAreFree(server);
    const before = liveCount(server);
    // Waits until the listening backend has exited: its connection is closed before the change.
    const terminated = await sql<{ terminated: boolean }>(
      database.DATABASE_URL,
      `SELECT pg_terminate_backend(pid, 5000) AS terminated FROM pg_stat_activity
       WHERE application_name = 'design-kb revision listener' AND datname = current_database()`,
    );
    expect(terminated).toEqual([{ terminated: true }]);
    await sql(
      database.DATABASE_URL,
      `BEGIN;
       UPDATE entry SET summary = 'Changed while the channel was down.' WHERE slug = '${SLUG}';
       UPDATE kb_state SET revision = revision + 1 WHERE id = 1;
       COMMIT;`,
    );
    const during = await read(server);
    expect(during.summary).toBe('Changed while the channel was down.');
    expect(server.output()).toContain('content revision notifications are down');

    // The channel comes back (with its revision read once), and hits are free again.
    expect(
      await poll(
        () => liveCount(server),
        (n) => n > before,
        { timeoutMs: 10_000 },
      ),
    ).toBeGreaterThan(before);
    const hit = await untilHitsAreFree(server);
    expect(hit.summary).toBe('Changed while the channel was down.');

    await sql(
      database.DATABASE_URL,
      `BEGIN;
       UPDATE entry SET summary = 'Changed after the channel came back.' WHERE slug = '${SLUG}';
       UPDATE kb_state SET revision = revision + 1 WHERE id = 1;
       COMMIT;`,
    );
    expect((await read(server)).summary).toBe('Changed after the channel came back.');
  });

  test('a rolled-back revision change is not announced: cached answers stay valid', async () => {
    await untilHitsAreFree(server);
    await sql(
      database.DATABASE_URL,
      `BEGIN;
       UPDATE entry SET summary = 'Never committed.' WHERE slug = '${SLUG}';
       UPDATE kb_state SET revision = revision + 1 WHERE id = 1;
       ROLLBACK;`,
    );
    const after = await read(server);
    expect(after).toMatchObject({
      summary: 'Changed after the channel came back.',
      cached: true,
      statements: 0,
    });
  });

  test('REVISION_NOTIFICATIONS=false reads the revision for every request', async () => {
    const reading = await startTestServer({
      database,
      env: { CACHE_MAX_AGE: '300', LOG_LEVEL: 'info', REVISION_NOTIFICATIONS: 'false' },
    });
    try {
      await read(reading);
      const hit = await poll(
        () => read(reading),
        (r) => r.cached,
      );
      expect(hit).toMatchObject({ cached: true, statements: 1 });
      expect(reading.output()).not.toContain('content revision notifications');
    } finally {
      await reading.stop();
    }
  });
});

describe('on embedded PGlite, seeded by the serving process', () => {
  test('every read sent after an in-process seed has committed sees it', async () => {
    // The embedded database refuses a second process (see seed.test.ts): the serving process is
    // its only writer, and PGlite hands it the notification before the commit returns.
    let env = serverUrl ? null : await createDatabase('empty');
    if (!env) {
      env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'dk-revision-pglite-')) };
      runCliOk(['migrate'], env);
    }
    if (!('DATA_DIR' in env)) throw new Error('expected an embedded database');
    runCliOk(['seed', '--dir', content('Version 0.')], env);
    const child = spawnSync(
      process.execPath,
      [
        path.join(__dirname, 'support', 'in-process-seed.mjs'),
        env.DATA_DIR,
        SLUG,
        ...[1, 2, 3].map((version) => content(`Version ${version}.`)),
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: undefined, RATE_LIMIT_MAX: '0', LOG_LEVEL: 'warn' },
      },
    );
    expect(child.stderr).toBe('');
    const { reads, commits, hitStatements } = JSON.parse(child.stdout) as InProcessResult;
    expect(hitStatements).toBe(0);
    expect(commits).toHaveLength(3);
    expect(reads.every((r) => r.summary?.startsWith('Version '))).toBe(true);
    expect(staleReads(reads, commits)).toEqual([]);
    expect(reads.filter((r) => r.cached).length).toBeGreaterThan(0);
    const last = commits[2] ?? Infinity;
    const afterLast = reads.filter((r) => r.sentAt > last);
    expect(afterLast.length).toBeGreaterThan(0);
    expect(afterLast.every((r) => r.summary === 'Version 3.')).toBe(true);
  });
});
