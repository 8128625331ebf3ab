// An interrupted first start heals itself: `design-kb start` killed (its whole process group, or
// the CLI alone) at several points while applying migrations is followed by a start that serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CLI, ROOT, postgresAdminUrl, runCliOk, runSql, type DatabaseEnv } from './support/databases';
import { poll } from './support/poll';

interface Started {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches, or rejects when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

function start(env: DatabaseEnv): Started {
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      DATA_DIR: undefined,
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the test can kill the CLI and its children at once.
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)),
          timeoutMs,
        );
        child.once('exit', () => {
          check();
          reject(new Error(`exited before ${pattern}:\n${output}`));
        });
        listeners.add(check);
        check();
      }),
  };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/**
 * Whether the process (or, for a negative pid, any process of the group) exists; a single process
 * that is a zombie (dead, not yet reaped by whoever adopted it) does not count.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (pid < 0) return true;
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Starts on `env` and checks it serves and is ready, then stops it. */
async function startServes(env: DatabaseEnv): Promise<string> {
  const server = start(env);
  try {
    const [, url] = await server.waitFor(/serving at (http:\/\/\S+)\/graphql/);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ ready: true });
    const { data } = (await (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ entry(slug: "heartbeat") { slug } }' }),
      })
    ).json()) as { data: { entry: { slug: string } } };
    expect(data.entry.slug).toBe('heartbeat');
    return server.output();
  } finally {
    server.child.kill('SIGTERM');
    await exited(server.child);
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-recovery-'));
const created: string[] = [];
afterAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

async function freshDatabase(kind: 'pglite' | 'postgres'): Promise<DatabaseEnv> {
  if (kind === 'pglite') return { DATA_DIR: fs.mkdtempSync(path.join(scratch, 'db-')) };
  const name = `designkb_recovery_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  test.each([50, 700, 2000])(
    'the process group killed %i ms into applying migrations: the next start serves',
    async (delay) => {
      const env = await freshDatabase(kind);
      const first = start(env);
      await first.waitFor(/Applying migrations/);
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (first.child.pid) process.kill(-first.child.pid, 'SIGKILL');
      await exited(first.child);
      // Every process of the group must be gone (reaped, not only killed) before the next start,
      // or the embedded database's lock still names a process that exists.
      const group = -(first.child.pid ?? 0);
      expect(
        await poll(
          () => isAlive(group),
          (alive) => !alive,
          { timeoutMs: 10_000 },
        ),
      ).toBe(false);
      const output = await startServes(env);
      expect(output).not.toMatch(/P3009|failed/);
    },
    180_000,
  );
});

test('the CLI killed alone while migrating takes its migration process with it', async () => {
  const env = await freshDatabase('pglite');
  const first = start(env);
  await first.waitFor(/Applying migrations/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const children = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return (
          fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] ===
          String(first.child.pid)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
  expect(children.length).toBeGreaterThan(0);
  first.child.kill('SIGKILL');
  await exited(first.child);
  // The orphan notices within a tick of its 100 ms check; a loaded CI machine may delay that tick.
  const deadline = Date.now() + 15_000;
  while (children.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(children.filter(isAlive)).toEqual([]);
  await startServes(env);
}, 180_000);

describe.each(['pglite', 'postgres'] as const)('an unfinished migration row on %s', (kind) => {
  /** A migrated database whose kb_state migration is recorded as started, not finished. */
  async function interrupted(committed: boolean): Promise<DatabaseEnv> {
    const env = await freshDatabase(kind);
    runCliOk(['migrate'], env);
    await runSql(
      env,
      `${committed ? '' : 'DROP TABLE kb_state;'}
       UPDATE _prisma_migrations SET finished_at = NULL, applied_steps_count = 0
       WHERE migration_name = '20261128010000_kb_state';`,
    );
    return env;
  }

  test('whose changes never committed is applied again', async () => {
    const env = await interrupted(false);
    const output = await startServes(env);
    expect(output).toContain(
      'Migration 20261128010000_kb_state was interrupted before it committed: applying it again.',
    );
  }, 180_000);

  test('whose changes had committed is recorded as finished', async () => {
    const env = await interrupted(true);
    const output = await startServes(env);
    expect(output).toContain(
      'Migration 20261128010000_kb_state had been applied when it was interrupted: recorded as finished.',
    );
  }, 180_000);
});
