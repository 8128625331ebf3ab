// Chooses the Prisma driver adapter: PostgreSQL through node-postgres, or embedded PGlite.
import fs from 'node:fs';
import v8 from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { parse } from 'pg-connection-string';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseConfig } from '../config';
import { giveWay } from '../give-way';

const NAME_OID = 19;
const TEXT_OID = 25;

interface FieldsCarrier {
  fields?: { dataTypeID: number }[];
}

function retypeNameColumns<T>(result: T): T {
  const fields = (result as FieldsCarrier | undefined)?.fields;
  if (Array.isArray(fields)) {
    for (const field of fields) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/**
 * Prisma's schema engine cannot decode columns of type `name` through adapter-pg 6.19
 * (prisma/orm#27403); reporting them as `text` is lossless and lets `migrate deploy` run.
 */
class NameAsTextClient extends pg.Client {
  // pg's overloads cannot be re-declared without widening; forward the arguments as they came.
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (error: Error | null, result: unknown) => void;
      args[args.length - 1] = (error: Error | null, result: unknown) =>
        callback(error, retypeNameColumns(result));
    }
    const returned = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (returned instanceof Promise) return returned.then(retypeNameColumns) as never;
    return returned as never;
  }
}

/**
 * adapter-pg 6.19 runs a migration script by splitting it at every ";", which cuts function bodies
 * and DO blocks apart. Sent whole, the simple query protocol runs the statements in order, as one
 * implicit transaction.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        // In the shape Prisma reports, so `migrate deploy` prints PostgreSQL's message.
        const e = error as pg.DatabaseError;
        throw new DriverAdapterError({
          kind: 'postgres',
          code: e.code ?? 'XX000',
          severity: e.severity ?? 'ERROR',
          message: e.message,
          detail: e.detail,
          column: e.column,
          hint: e.hint,
        });
      }
    };
    return adapter;
  }
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>;

/** Makes every statement wait for its turn (see giveWay) before it runs. */
function takingTurns<T extends Queryable>(queryable: T): T {
  const { queryRaw, executeRaw } = queryable;
  queryable.queryRaw = async (query) => {
    await giveWay();
    return queryRaw.call(queryable, query);
  };
  queryable.executeRaw = async (query) => {
    await giveWay();
    return executeRaw.call(queryable, query);
  };
  return queryable;
}

/**
 * PGlite runs each statement synchronously in this thread (WASM), and a chain of statements
 * resumes through promises alone: without a turn between statements, a request's queries would
 * keep every other request and /healthz waiting until the last one is done.
 */
class TurnTakingPGlite extends PrismaPGlite {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = takingTurns(await super.connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => takingTurns(await startTransaction(isolationLevel));
    return adapter;
  }
}

/** Connections of the PostgreSQL pool, for metrics. */
export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** What a listener is told about a notification channel of the database. */
export interface ChannelHandlers {
  /** Each notification's payload, in commit order. */
  message(payload: string): void;
  /** The channel broke (its connection was lost): notifications may have been missed since. */
  lost(error: Error): void;
}

/** A channel being listened to. */
export interface Listening {
  /**
   * Resolves once every notification committed before the call has been handed to `message`;
   * rejects when the channel cannot vouch for that (its connection failed or did not answer).
   */
  sync(): Promise<void>;
  /** Stops listening and releases what the listener holds. */
  close(): Promise<void>;
}

export interface AdapterHandle {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Listens to a notification channel (LISTEN) on a connection of its own; resolves once
   * notifications committed from then on will be delivered.
   */
  listen(channel: string, handlers: ChannelHandlers): Promise<Listening>;
  /** The pool's connections; null for the embedded database, which has no pool. */
  poolStats(): PoolStats | null;
  /** Releases the pool or the embedded database. */
  close(): Promise<void>;
}

type PostgresConfig = Extract<DatabaseConfig, { kind: 'postgres' }>;

/** Where and as whom to connect, as discrete settings. */
function connectionSettings(database: PostgresConfig): pg.ClientConfig {
  const url = parse(database.url);
  return {
    host: url.host ?? undefined,
    port: url.port ? Number(url.port) : undefined,
    user: url.user ?? undefined,
    password: url.password ?? undefined,
    database: url.database ?? undefined,
    ssl: url.ssl === undefined || url.ssl === false ? undefined : (url.ssl as pg.PoolConfig['ssl']),
  };
}

export function createPgPool(database: PostgresConfig): pg.Pool {
  // Discrete settings, not a connectionString: adapter-pg derives its shadow-database pool by
  // overriding `database`, which a connectionString would silently win over.
  return new pg.Pool({
    ...connectionSettings(database),
    max: database.poolMax,
    idleTimeoutMillis: database.idleTimeoutMs,
    // Bounds both opening a connection and waiting for a free one in the pool.
    connectionTimeoutMillis: database.connectTimeoutMs,
    // Sent at connection start-up, so PostgreSQL itself cancels a runaway statement.
    statement_timeout: database.statementTimeoutMs || undefined,
    // When no answer comes at all (a network partition), the client gives up a second later; the
    // pool then discards that connection.
    query_timeout: database.statementTimeoutMs ? database.statementTimeoutMs + 1_000 : undefined,
    // Short-lived commands (migrate, seed) exit once their work is done; the server stays up anyway.
    allowExitOnIdle: true,
    Client: NameAsTextClient,
  });
}

/** A channel name as an SQL identifier (LISTEN takes no parameters). */
function channelIdentifier(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a plain channel name: ${channel}`);
  return channel;
}

/**
 * LISTEN on a dedicated connection outside the pool: a pooled connection is handed to other work
 * and may be closed when idle. Keep-alive probes let a silent network break surface as an error.
 *
 * A notification reaches the listening connection shortly after its transaction commits, not
 * before the writer is told of the commit. `sync` closes that gap with a round trip on the same
 * connection: PostgreSQL hands a session the notifications it has received before it reports
 * the session ready for the next query (postgres.c, PostgresMain), and the committing backend has
 * signalled every listener before it acknowledges the commit (async.c, AtCommit_Notify). So once a
 * trivial query sent after a commit was acknowledged has been answered, that commit's notification
 * has been delivered.
 */
async function listenPg(
  database: PostgresConfig,
  channel: string,
  handlers: ChannelHandlers,
): Promise<Listening> {
  const client = new pg.Client({
    ...connectionSettings(database),
    application_name: 'design-kb revision listener',
    connectionTimeoutMillis: database.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // A sync that gets no answer within this long means the channel cannot vouch for anything.
    query_timeout: database.connectTimeoutMs || 5_000,
  });
  let closing = false;
  const lose = (error: Error) => {
    if (closing) return;
    closing = true;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    handlers.lost(error);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the listening connection closed')));
  client.on('notification', (notification) => {
    if (notification.channel === channel) handlers.message(notification.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channelIdentifier(channel)}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    async sync() {
      if (closing) throw new Error('the listening connection is closed');
      try {
        await client.query('SELECT 1');
      } catch (error) {
        // No answer, or a broken connection: the channel can no longer vouch for anything.
        lose(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    async close() {
      if (closing) return;
      closing = true;
      await client.end();
    },
  };
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process other than this one holding the data directory's lock, if any. */
function lockHolder(lockFile: string): number | null {
  let holder: number;
  try {
    holder = Number(fs.readFileSync(lockFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return Number.isInteger(holder) && holder !== process.pid && processIsAlive(holder) ? holder : null;
}

/** Throws DatabaseInUseError when another live process holds the embedded database in `dataDir`. */
export function assertDataDirFree(dataDir: string): void {
  const holder = lockHolder(`${dataDir}.lock`);
  if (holder !== null) {
    throw new DatabaseInUseError(
      `The embedded database in ${dataDir} is in use by process ${holder} (a running server?). ` +
        'Stop that process first, or use PostgreSQL (DATABASE_URL) to work on a database while it is served.',
    );
  }
}

/**
 * Embedded PostgreSQL is single-process: two processes writing one data directory corrupt it, and
 * neither sees the other's writes. A lock file next to the directory keeps a second one out.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      assertDataDirFree(dataDir);
      fs.rmSync(lockFile, { force: true }); // left by a process that is gone
    }
  }
}

/**
 * Memory settings of the embedded database. PostgreSQL's defaults size a server that caches a
 * large database in shared memory; the embedded knowledge base is a few megabytes, every page of
 * it fits in a small buffer pool, and the operating system caches the files anyway. Each setting
 * lives in the WebAssembly heap, which never shrinks.
 */
const PGLITE_SETTINGS = [
  // 128 MB by default: most of the process's memory at rest.
  'shared_buffers=16MB',
  'wal_buffers=1MB',
  // One session runs in the process; the lock and process tables are sized by this.
  'max_connections=4',
];

/**
 * How V8 compiles the embedded database's WebAssembly (about 9 MB of PostgreSQL). By default it
 * compiles every function with its baseline compiler (Liftoff) and recompiles the hot ones in the
 * background with its optimizing compiler (TurboFan), keeping both. Measured on the seeded
 * knowledge base (`npm run bench`, 2 cores), the baseline alone holds about 45 MB less at rest
 * (195 against 242 MB); side by side, a nested list costs the same CPU per request and a lookup
 * by slug about 4% more. The flag applies to WebAssembly compiled from here on, in this process.
 * V8 describes it as a testing flag; PGLITE_OPTIMIZING_COMPILER=true leaves V8's default in place.
 */
function chooseWasmCompiler(optimizing: boolean) {
  v8.setFlagsFromString(optimizing ? '--no-liftoff-only' : '--liftoff-only');
}

export async function openPGlite(
  dataDir: string,
  { optimizingCompiler = false }: { optimizingCompiler?: boolean } = {},
): Promise<{ client: PGlite; release: () => void }> {
  chooseWasmCompiler(optimizingCompiler);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    // pg_trgm must be loaded before `CREATE EXTENSION pg_trgm` (the search migration) can run.
    const startParams = [
      ...PGlite.defaultStartParams,
      ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting]),
    ];
    return { client: await PGlite.create({ dataDir, extensions: { pg_trgm }, startParams }), release };
  } catch (error) {
    release();
    throw error;
  }
}

export interface AdapterOptions {
  /** Told when a pooled connection breaks while idle (the database restarted or went away). */
  onPoolError?: (error: Error) => void;
}

export async function createAdapter(
  database: DatabaseConfig,
  options: AdapterOptions = {},
): Promise<AdapterHandle> {
  if (database.kind === 'postgres') {
    const pool = createPgPool(database);
    return {
      factory: new WholeScriptPrismaPg(pool, { onPoolError: options.onPoolError }),
      listen: (channel, handlers) => listenPg(database, channel, handlers),
      poolStats: () => ({
        max: database.poolMax,
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }),
      close: () => pool.end(),
    };
  }
  const { client, release } = await openPGlite(database.dataDir, database);
  return {
    factory: new TurnTakingPGlite(client),
    // One process owns the embedded database, so the channel only breaks when it closes. PGlite
    // hands notifications out while it reads the committing statement's reply, before the writer
    // is told of the commit: every committed notification has been delivered already.
    listen: async (channel, handlers) => {
      const stop = await client.listen(channelIdentifier(channel), (payload) => handlers.message(payload));
      return { sync: () => Promise.resolve(), close: stop };
    },
    poolStats: () => null,
    async close() {
      await client.close();
      release();
    },
  };
}
