// Test databases: a migrated, seeded template built once per run, copied for every test file.
// PGlite by default (a data directory copied per file); PostgreSQL when TEST_DATABASE_URL is set
// (a database created per file from a template database).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

/** Environment that selects one database, for a CLI or server child process. */
export type DatabaseEnv = { DATABASE_URL: string } | { DATA_DIR: string };

export const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * The PostgreSQL server for tests that need one whichever database the suite runs on (network
 * failures, locks): TEST_DATABASE_URL, else PG_ADMIN_URL, else the local default.
 */
export const postgresAdminUrl =
  serverUrl ?? process.env.PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Marks a run that created databases on postgresAdminUrl outside a PostgreSQL suite. */
const POSTGRES_USED = 'postgres-used';

const state = () => {
  const dir = process.env.DESIGN_KB_TEST_DIR;
  if (!dir) throw new Error('test/support/global-setup.ts did not run');
  return dir;
};

/** Tags every database of one test run, so teardown drops exactly those. */
function runTag(dir: string): string {
  return path.basename(dir).slice(-6).toLowerCase();
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface CliResult {
  status: number | null;
  /** What the command printed, stdout then stderr. */
  output: string;
}

/** Runs the compiled CLI against one database; never throws. */
export function runCli(args: string[], env: DatabaseEnv): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: undefined, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs the compiled CLI and throws with its output when it fails. */
export function runCliOk(args: string[], env: DatabaseEnv): string {
  const result = runCli(args, env);
  if (result.status !== 0) throw new Error(`design-kb ${args.join(' ')} failed:\n${result.output}`);
  return result.output;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = serverUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Builds the templates: `seeded` (the knowledge base) and `empty` (migrated only). */
export async function buildTemplates(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'design-kb-test-'));
  process.env.DESIGN_KB_TEST_DIR = dir;
  for (const name of ['empty', 'seeded'] as const) {
    let env: DatabaseEnv;
    if (serverUrl) {
      const database = `designkb_tpl_${name}_${runTag(dir)}`;
      await admin((c) => c.query(`CREATE DATABASE ${database}`));
      env = { DATABASE_URL: withDatabase(serverUrl, database) };
    } else {
      env = { DATA_DIR: path.join(dir, name) };
    }
    runCliOk(['migrate'], env);
    if (name === 'seeded') runCliOk(['seed'], env);
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(env));
  }
}

export async function dropTemplates(): Promise<void> {
  const dir = process.env.DESIGN_KB_TEST_DIR;
  if (!dir) return;
  if (serverUrl || fs.existsSync(path.join(dir, POSTGRES_USED))) {
    await admin(async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'designkb_%' AND datname LIKE $1`,
        [`%_${runTag(dir)}`],
      );
      for (const row of rows) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    }, postgresAdminUrl);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs SQL directly on a database that no server is using (to set up broken states). */
export async function runSql(env: DatabaseEnv, sql: string): Promise<void> {
  if ('DATABASE_URL' in env) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  // PGlite needs dynamic import support that Jest's module sandbox lacks: run it in a child.
  const script = `const { PGlite } = require('@electric-sql/pglite'); const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');
    (async () => { const db = await PGlite.create({ dataDir: process.argv[1], extensions: { pg_trgm } }); await db.exec(process.argv[2]); await db.close(); })();`;
  const result = spawnSync(process.execPath, ['-e', script, path.join(env.DATA_DIR, 'pglite'), sql], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`SQL failed: ${result.stderr}`);
}

/** A fresh database for one test file, copied from a template. */
export async function createDatabase(template: 'empty' | 'seeded'): Promise<DatabaseEnv> {
  const dir = state();
  const source = JSON.parse(fs.readFileSync(path.join(dir, `${template}.json`), 'utf8')) as DatabaseEnv;
  const id = randomBytes(4).toString('hex');
  if ('DATABASE_URL' in source) {
    const templateName = new URL(source.DATABASE_URL).pathname.slice(1);
    const database = `designkb_${id}_${runTag(dir)}`;
    await admin((c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${templateName}`));
    return { DATABASE_URL: withDatabase(source.DATABASE_URL, database) };
  }
  const target = path.join(dir, `db-${id}`);
  fs.cpSync(source.DATA_DIR, target, { recursive: true });
  return { DATA_DIR: target };
}

/**
 * A fresh, seeded PostgreSQL database, also when the suite runs on PGlite: copied from the
 * seeded template on a PostgreSQL suite, otherwise created on postgresAdminUrl, migrated and
 * seeded with the CLI. Teardown drops it with the run's other databases.
 */
export async function createPostgresDatabase(): Promise<{ DATABASE_URL: string }> {
  if (serverUrl) return (await createDatabase('seeded')) as { DATABASE_URL: string };
  const dir = state();
  const database = `designkb_${randomBytes(4).toString('hex')}_${runTag(dir)}`;
  fs.writeFileSync(path.join(dir, POSTGRES_USED), postgresAdminUrl);
  try {
    await admin((c) => c.query(`CREATE DATABASE ${database}`), postgresAdminUrl);
  } catch (error) {
    throw new Error(
      `This test needs PostgreSQL at ${postgresAdminUrl} (set PG_ADMIN_URL or TEST_DATABASE_URL to another server): ${(error as Error).message}`,
    );
  }
  const env = { DATABASE_URL: withDatabase(postgresAdminUrl, database) };
  runCliOk(['migrate'], env);
  runCliOk(['seed'], env);
  return env;
}

/** Runs one query directly on a database that no server is using and returns its rows. */
export async function querySql<T = Record<string, unknown>>(env: DatabaseEnv, sql: string): Promise<T[]> {
  if ('DATABASE_URL' in env) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }
  // PGlite in a child, as in runSql; the rows come back as JSON on stdout.
  const script = `const { PGlite } = require('@electric-sql/pglite'); const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');
    (async () => { const db = await PGlite.create({ dataDir: process.argv[1], extensions: { pg_trgm } }); const r = await db.query(process.argv[2]); process.stdout.write(JSON.stringify(r.rows)); await db.close(); })();`;
  const result = spawnSync(process.execPath, ['-e', script, path.join(env.DATA_DIR, 'pglite'), sql], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`SQL failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T[];
}
