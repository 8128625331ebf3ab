// Creates the Prisma client on the configured adapter, counting SQL statements per unit of work.
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type { DatabaseConfig } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import {
  createAdapter,
  type AdapterOptions,
  type ChannelHandlers,
  type PoolStats,
  type Unlisten,
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

export interface Database {
  db: Db;
  kind: DatabaseConfig['kind'];
  /** The PostgreSQL pool's connections; null for the embedded database. */
  poolStats(): PoolStats | null;
  /** Listens to a notification channel of the database (see AdapterHandle.listen). */
  listen(channel: string, handlers: ChannelHandlers): Promise<Unlisten>;
  /** Disconnects Prisma and closes the pool or the embedded database. */
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig, options: AdapterOptions = {}): Promise<Database> {
  const handle = await createAdapter(config, options);
  const db = new PrismaClient({ adapter: countingFactory(handle.factory) });
  return {
    db,
    kind: config.kind,
    poolStats: () => handle.poolStats(),
    listen: (channel, handlers) => handle.listen(channel, handlers),
    async close() {
      await db.$disconnect();
      await handle.close();
    },
  };
}
