// Creates the Prisma client on the configured adapter, counting SQL statements per unit of work.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ColumnTypeEnum,
  isDriverAdapterError,
  type ArgType,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import type { DatabaseConfig } from '../config';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import {
  createAdapter,
  type AdapterOptions,
  type ChannelHandlers,
  type PoolStats,
  type Listening,
} from './adapter';

export type Db = PrismaClient;

/** Statements issued for one unit of work (`withStatementCounter`); read by tests, the benchmark and SQL_STATS. */
export interface StatementCounter {
  statements: number;
}

const counters = new AsyncLocalStorage<StatementCounter>();

/** Runs `fn` with a counter the caller keeps (for a whole GraphQL request). */
export function withStatementCounter<T>(counter: StatementCounter, fn: () => T): T {
  return counters.run(counter, fn);
}

const COUNTED = new Set(['queryRaw', 'executeRaw']);

function counting<T extends SqlDriverAdapter | Transaction>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      if (COUNTED.has(String(property))) {
        return (...args: unknown[]) => {
          const counter = counters.getStore();
          if (counter) counter.statements += 1;
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) =>
          counting(await (value as (...a: unknown[]) => Promise<Transaction>).apply(object, args));
      }
      return (value as (...a: unknown[]) => unknown).bind(object);
    },
  });
}

function countingFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => counting(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

/**
 * Rows of a raw read, as `db.$queryRaw` gives them, sent straight to the driver adapter Prisma
 * itself uses (the same pool or embedded database, counted like Prisma's own statements). The
 * Prisma client plans, runs and maps every statement in this thread, several hundred µs a
 * statement on this hardware, more than the database takes to answer a point lookup: the reads
 * each GraphQL request makes by the dozen (the loaders) skip it. Values come as $queryRaw maps
 * them: timestamps as Date, int8 as bigint, json parsed; other column types are refused.
 */
export function readRows<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const read = readers.get(db);
  return read ? (read(query) as Promise<T[]>) : db.$queryRaw<T[]>(query);
}

/** `<sql> AS "<prefix><field>", ...`: a select list reading each field from its SQL, for readRows. */
export function selectList(fields: Readonly<Record<string, string>>, prefix = ''): Prisma.Sql {
  return Prisma.raw(
    Object.entries(fields)
      .map(([field, sql]) => `${sql} AS "${prefix}${field}"`)
      .join(', '),
  );
}

/** The fields named `<prefix><field>` of a row read with `selectList(fields, prefix)`, unprefixed. */
export function unprefixed(row: Readonly<Record<string, unknown>>, prefix: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(prefix)) fields[column.slice(prefix.length)] = value;
  }
  return fields;
}

const readers = new WeakMap<Db, (query: Prisma.Sql) => Promise<unknown[]>>();

/** How a bound value is typed for the adapter (a list by its first element). */
function scalarType(value: unknown): ArgType['scalarType'] {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'bigint':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    case 'object':
      return value instanceof Date ? 'datetime' : 'unknown';
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'unknown';
  }
}

function argType(value: unknown): ArgType {
  return Array.isArray(value)
    ? { scalarType: value.length > 0 ? scalarType(value[0]) : 'string', arity: 'list' }
    : { scalarType: scalarType(value), arity: 'scalar' };
}

/** A column's values as $queryRaw gives them. */
function decoder(type: number, name: string): ((value: unknown) => unknown) | null {
  switch (type) {
    case ColumnTypeEnum.Date:
    case ColumnTypeEnum.DateTime:
      return (value) => (typeof value === 'string' ? new Date(value) : value);
    case ColumnTypeEnum.Int64:
      return (value) => (typeof value === 'string' || typeof value === 'number' ? BigInt(value) : value);
    case ColumnTypeEnum.Json:
      return (value) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
    case ColumnTypeEnum.Boolean:
    case ColumnTypeEnum.Character:
    case ColumnTypeEnum.Text:
    case ColumnTypeEnum.Enum:
    case ColumnTypeEnum.Uuid:
    case ColumnTypeEnum.Int32Array:
    case ColumnTypeEnum.TextArray:
    case ColumnTypeEnum.CharacterArray:
    case ColumnTypeEnum.EnumArray:
    case ColumnTypeEnum.UuidArray:
      return null;
    default:
      throw new Error(`readRows does not map column "${name}" (type ${type}); read it with db.$queryRaw.`);
  }
}

function objectsOf(result: SqlResultSet): unknown[] {
  const { columnNames, columnTypes, rows } = result;
  const decoders = columnTypes.map((type, i) => decoder(type, columnNames[i] ?? String(i)));
  return rows.map((row) => {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i += 1) {
      const decode = decoders[i];
      object[columnNames[i] as string] = decode ? decode(row[i]) : row[i];
    }
    return object;
  });
}

/** What a driver adapter's error says, in the shape Prisma's own errors have (see server/errors.ts). */
class DatabaseReadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseReadError';
  }
}

const UNREACHABLE: Record<string, string> = {
  DatabaseNotReachable: 'P1001',
  ConnectionClosed: 'P1017',
  SocketTimeout: 'ETIMEDOUT',
};

function readError(error: unknown): unknown {
  if (!isDriverAdapterError(error)) return error;
  const cause = error.cause as {
    kind: string;
    code?: unknown;
    message?: unknown;
    originalCode?: unknown;
    originalMessage?: unknown;
  };
  // The database's SQLSTATE and message where the driver had them, else the adapter's kind.
  const code =
    typeof cause.originalCode === 'string'
      ? cause.originalCode
      : typeof cause.code === 'string'
        ? cause.code
        : UNREACHABLE[cause.kind];
  const text = typeof cause.originalMessage === 'string' ? cause.originalMessage : cause.message;
  const message = typeof text === 'string' ? text : `database error: ${cause.kind}`;
  return new DatabaseReadError(message, code, { cause: error });
}

export interface Database {
  db: Db;
  kind: DatabaseConfig['kind'];
  /** The PostgreSQL pool's connections; null for the embedded database. */
  poolStats(): PoolStats | null;
  /** Listens to a notification channel of the database (see AdapterHandle.listen). */
  listen(channel: string, handlers: ChannelHandlers): Promise<Listening>;
  /** Disconnects Prisma and closes the pool or the embedded database. */
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig, options: AdapterOptions = {}): Promise<Database> {
  const handle = await createAdapter(config, options);
  const factory = countingFactory(handle.factory);
  const db = new PrismaClient({ adapter: factory });
  // A second connection of the same factory: the same pool (PostgreSQL) or database (PGlite).
  const direct = await factory.connect();
  readers.set(db, async (query) => {
    try {
      const args = query.values;
      return objectsOf(await direct.queryRaw({ sql: query.text, args, argTypes: args.map(argType) }));
    } catch (error) {
      throw readError(error);
    }
  });
  return {
    db,
    kind: config.kind,
    poolStats: () => handle.poolStats(),
    listen: (channel, handlers) => handle.listen(channel, handlers),
    async close() {
      await db.$disconnect();
      await direct.dispose();
      await handle.close();
    },
  };
}
