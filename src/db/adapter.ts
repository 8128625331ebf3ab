// Chooses the Prisma driver adapter: PostgreSQL through node-postgres, or embedded PGlite.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { parse } from 'pg-connection-string';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseConfig } from '../config';

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

export interface AdapterHandle {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases the pool or the embedded database. */
  close(): Promise<void>;
}

export function createPgPool(database: Extract<DatabaseConfig, { kind: 'postgres' }>): pg.Pool {
  const url = parse(database.url);
  // Discrete settings, not a connectionString: adapter-pg derives its shadow-database pool by
  // overriding `database`, which a connectionString would silently win over.
  return new pg.Pool({
    host: url.host ?? undefined,
    port: url.port ? Number(url.port) : undefined,
    user: url.user ?? undefined,
    password: url.password ?? undefined,
    database: url.database ?? undefined,
    ssl: url.ssl === undefined || url.ssl === false ? undefined : (url.ssl as pg.PoolConfig['ssl']),
    max: database.poolMax,
    idleTimeoutMillis: database.idleTimeoutMs,
    connectionTimeoutMillis: database.connectTimeoutMs,
    // Short-lived commands (migrate, seed) exit once their work is done; the server stays up anyway.
    allowExitOnIdle: true,
    Client: NameAsTextClient,
  });
}

export async function openPGlite(dataDir: string): Promise<PGlite> {
  fs.mkdirSync(dataDir, { recursive: true });
  return PGlite.create({ dataDir });
}

export async function createAdapter(database: DatabaseConfig): Promise<AdapterHandle> {
  if (database.kind === 'postgres') {
    const pool = createPgPool(database);
    return { factory: new PrismaPg(pool), close: () => pool.end() };
  }
  const client = await openPGlite(database.dataDir);
  return { factory: new PrismaPGlite(client), close: () => client.close() };
}
